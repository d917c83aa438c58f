-- The facts database of weekly-report: what `build --format sqlite` writes and `sql` queries.
-- Schema version 1 (`PRAGMA user_version`); documented with example queries in docs/sqlite.md.
--
-- One row per fact. Every fact row names its note (`path`, relative to the notes folder) and
-- the 1-based `line` it stands on. `team` is the note's team folder ('' for the notes folder
-- itself; a daily note belongs to the nearest folder at or above it that holds weekly notes),
-- `week` the week the note reports (`2023-W28`), `date` the note's date (`2023-07-08`).
-- Times are `2023-07-05T11:21:00`. A decimal a note states is a REAL column and, beside it,
-- the exact text it was written with (`value_text`: `98.80` stays `98.80`). Booleans are 0 / 1.
-- Lists and maps are JSON text (query them with `json_each`).

CREATE TABLE notes (
    path TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,         -- weekly | daily
    team TEXT NOT NULL,
    title TEXT,
    week TEXT,
    date TEXT,
    created TEXT,               -- Notion's `Created:` property
    front_matter TEXT,          -- JSON object
    properties TEXT             -- JSON object: property lines at the top (`Status:`, `Owner:`)
);

CREATE TABLE metrics (
    path TEXT NOT NULL,
    team TEXT NOT NULL,
    week TEXT,
    date TEXT,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,         -- success_rate | availability | throughput | latency | duration | ratio | count | other
    value REAL NOT NULL,
    value_text TEXT NOT NULL,
    unit TEXT,                  -- `%`, `tps`, `ms`, ...; NULL for a bare number
    target REAL,
    target_text TEXT,
    comparator TEXT,            -- >= | > | <= | < (how the value must compare with the target)
    previous REAL,              -- an earlier period's figure stated with it
    previous_text TEXT,
    approximate INTEGER NOT NULL,
    basis_part REAL,            -- the counts a ratio was computed from (48 of 179)
    basis_total REAL,
    line INTEGER NOT NULL
);

CREATE TABLE incidents (
    path TEXT NOT NULL,
    team TEXT NOT NULL,
    week TEXT,
    date TEXT,
    grade TEXT NOT NULL,        -- as written: AB, CD, P0, SEV1, ...
    count INTEGER NOT NULL,
    line INTEGER NOT NULL
);

CREATE TABLE events (
    path TEXT NOT NULL,
    team TEXT NOT NULL,
    week TEXT,
    date TEXT,
    id TEXT,                    -- INC-3107, when written
    at TEXT,
    timezone TEXT,
    detected_at TEXT,
    grade TEXT,
    summary TEXT NOT NULL,
    cause TEXT,
    action TEXT,
    impact_minutes REAL,
    impact_minutes_text TEXT,
    impact_source TEXT,         -- stated | derived (from the recovery time)
    recovered_at TEXT,
    line INTEGER NOT NULL
);

CREATE TABLE event_actions (
    path TEXT NOT NULL,
    team TEXT NOT NULL,
    week TEXT,
    event_line INTEGER NOT NULL, -- the event's line
    text TEXT NOT NULL,
    owner TEXT,
    due TEXT,
    done INTEGER NOT NULL,
    line INTEGER NOT NULL
);

-- Projects and progress items: objectives' items and their sub-items, and loose progress
-- items (a daily note's 今日进展). One row per item per note, so a project's weeks are a
-- `GROUP BY key`.
CREATE TABLE items (
    path TEXT NOT NULL,
    team TEXT NOT NULL,
    week TEXT,
    date TEXT,
    objective TEXT,             -- `O1 服务业务`; NULL for a loose item
    parent TEXT,                -- the name of the item it is nested in
    depth INTEGER NOT NULL,     -- 0 for a top-level item
    key TEXT NOT NULL,          -- the name, lower case, spaces collapsed: how weeks are matched
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,       -- planned | in_progress | testing | done | blocked | delayed | unknown
    progress REAL,              -- percent
    progress_text TEXT,
    due TEXT,
    done_on TEXT,
    previous_due TEXT,          -- the due date it had before, when the note says it moved
    owner TEXT,
    health TEXT,                -- green | amber | red
    confidence TEXT,            -- `6/10`
    tags TEXT NOT NULL,         -- JSON array
    line INTEGER NOT NULL
);

-- Next week's plans (下周工作及目标) and a daily note's plans for tomorrow (明日计划).
CREATE TABLE plans (
    path TEXT NOT NULL,
    team TEXT NOT NULL,
    week TEXT,
    date TEXT,
    section TEXT NOT NULL,      -- next_week | tomorrow
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    due TEXT,
    owner TEXT,
    followed_up INTEGER,        -- whether the team's next weekly note reports on it; NULL when there is none
    reported_as TEXT,           -- the name of the item that reports on it
    line INTEGER NOT NULL
);

CREATE TABLE risks (
    path TEXT NOT NULL,
    team TEXT NOT NULL,
    week TEXT,
    date TEXT,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    owner TEXT,
    line INTEGER NOT NULL
);

CREATE TABLE others (
    path TEXT NOT NULL,
    team TEXT NOT NULL,
    week TEXT,
    date TEXT,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    owner TEXT,
    line INTEGER NOT NULL
);

CREATE TABLE reflections (
    path TEXT NOT NULL,
    team TEXT NOT NULL,
    week TEXT,
    date TEXT,
    text TEXT NOT NULL,
    line INTEGER NOT NULL
);

CREATE TABLE daily_links (
    path TEXT NOT NULL,
    team TEXT NOT NULL,
    week TEXT,
    text TEXT NOT NULL,
    target TEXT NOT NULL,       -- URL-decoded, relative to the note
    date TEXT,                  -- the daily note's date
    line INTEGER NOT NULL
);

-- What the parser met and could not read.
CREATE TABLE diagnostics (
    path TEXT NOT NULL,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,     -- info | warning | error
    message TEXT NOT NULL
);

-- The rollup `build` reports, as computed by the rollup itself (weekly notes with a date,
-- within --from/--to). Query it through the views below.
CREATE TABLE rollup_weeks (
    team TEXT NOT NULL,
    week TEXT NOT NULL,
    date TEXT NOT NULL,
    path TEXT NOT NULL,
    title TEXT,
    dailies TEXT NOT NULL       -- JSON array of the daily notes attached to the week
);

CREATE TABLE rollup_projects (
    team TEXT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,         -- as last written
    objective TEXT,
    status TEXT NOT NULL,       -- latest
    progress REAL,
    progress_text TEXT,
    due TEXT,                   -- latest due date
    done_week TEXT,
    done_on TEXT,
    completed_in_range INTEGER NOT NULL,
    tracked INTEGER NOT NULL,   -- some week gives it a status, progress or due date
    original_due TEXT,          -- the slip, when it slipped:
    latest_due TEXT,
    moved_days INTEGER,
    moved_in TEXT,              -- JSON array of weeks
    overdue_days INTEGER,
    slip_days INTEGER,          -- moved + overdue
    stalled_progress REAL,      -- the stall, when progress stood still 3 weeks or more
    stalled_weeks TEXT          -- JSON array of weeks
);

CREATE TABLE rollup_project_weeks (
    team TEXT NOT NULL,
    key TEXT NOT NULL,
    week TEXT NOT NULL,
    status TEXT NOT NULL,
    progress REAL,
    progress_text TEXT,
    due TEXT,
    done_on TEXT,
    path TEXT NOT NULL,
    line INTEGER NOT NULL
);

CREATE TABLE rollup_kpis (
    team TEXT NOT NULL,
    week TEXT NOT NULL,
    date TEXT NOT NULL,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit TEXT,
    value REAL NOT NULL,
    value_text TEXT NOT NULL,
    target REAL,
    target_text TEXT,
    breach TEXT,                -- threshold | target, when the value broke one
    bound REAL                  -- the bound it broke
);

-- @after-rows: indexes and views, made once the rows are in.

CREATE INDEX notes_team_week ON notes (team, week);
CREATE INDEX metrics_team_week ON metrics (team, week);
CREATE INDEX metrics_path ON metrics (path, name);
CREATE INDEX incidents_team_week ON incidents (team, week);
CREATE INDEX events_team_week ON events (team, week);
CREATE INDEX event_actions_team_week ON event_actions (team, week);
CREATE INDEX items_team_week ON items (team, week);
CREATE INDEX items_key ON items (key);
CREATE INDEX plans_team_week ON plans (team, week);
CREATE INDEX plans_key ON plans (key);
CREATE INDEX risks_team_week ON risks (team, week);
CREATE INDEX others_team_week ON others (team, week);
CREATE INDEX reflections_team_week ON reflections (team, week);
CREATE INDEX daily_links_team_week ON daily_links (team, week);
CREATE INDEX diagnostics_path ON diagnostics (path);
CREATE INDEX rollup_kpis_team_week ON rollup_kpis (team, week);
CREATE INDEX rollup_projects_key ON rollup_projects (key);
CREATE INDEX rollup_project_weeks_key ON rollup_project_weeks (key);

-- Each project's weeks, as the rollup follows it (the first mention in a note counts).
CREATE VIEW project_timeline AS
SELECT w.team, w.key, p.name, p.objective, w.week, w.status, w.progress, w.progress_text,
       w.due, w.done_on, w.path, w.line
FROM rollup_project_weeks AS w
JOIN rollup_projects AS p ON p.team = w.team AND p.key = w.key;

-- Projects whose due date moved later, or passed without done.
CREATE VIEW slips AS
SELECT team, key, name, objective, original_due, latest_due, moved_days, moved_in,
       overdue_days, slip_days AS days, status, done_week
FROM rollup_projects
WHERE slip_days IS NOT NULL;

-- Every KPI value of the rollup by week (a percentage above 100 is left out), with the
-- threshold or stated target it broke.
CREATE VIEW kpi_by_week AS
SELECT k.team, k.week, k.date, k.name, k.kind, k.value, k.value_text, k.unit, k.target,
       k.target_text, k.breach, k.bound, k.path,
       (SELECT min(m.line) FROM metrics AS m
        WHERE m.path = k.path AND m.name = k.name AND m.value_text = k.value_text) AS line
FROM rollup_kpis AS k;
