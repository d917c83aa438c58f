//! Use cases of the facts database: make it from a folder's notes ([`load`]), and answer a
//! query that only reads ([`query`]) within a time limit.
//!
//! `build --format sqlite` loads into a file, `sql` into memory; both go through [`load`], so
//! they hold the same rows. The writer and the schema are [`crate::render::sqlite`].

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::Connection;

use crate::analyze::{self, RollupOptions};
use crate::config::Config;
use crate::render::sqlite::{DbError, FactsWriter, QueryRows};
use crate::source::SourceError;

/// How many notes are read (in parallel) before their rows are written.
const CHUNK: usize = 512;

/// What [`load`] did.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Notes read (reports the tool wrote are not notes and not counted).
    pub notes: usize,
    /// Notes that could not be read; the others are in the database.
    pub errors: Vec<SourceError>,
    /// The notes the rollup holds and those it left out, and why.
    pub read: analyze::NotesRead,
}

/// Reads the notes at `paths` (found under `options.root`) and writes their facts and their
/// rollup into `conn`, which must be empty. Notes that cannot be read are returned in
/// [`Loaded::errors`]; the caller decides whether the database is still worth keeping.
pub fn load(
    conn: Connection,
    paths: &[PathBuf],
    options: &RollupOptions,
    config: &Config,
) -> Result<(Connection, Loaded), DbError> {
    let mut writer = FactsWriter::new(
        conn,
        &options.root,
        options.from,
        options.to,
        config.week_numbering,
    )?;
    let mut loaded = Loaded::default();
    let mut facts = Vec::new();
    // A chunk's notes are written while the next chunk is read.
    let mut chunks = paths.chunks(CHUNK);
    let mut next = chunks.next().map(|c| crate::read_notes(c, config));
    while let Some(read) = next.take() {
        let following = chunks.next();
        let (written, after) = std::thread::scope(|s| {
            let reader = following.map(|c| s.spawn(move || crate::read_notes(c, config)));
            let mut written = Ok(());
            for result in read {
                match result {
                    Ok(note) => {
                        loaded.notes += 1;
                        if written.is_ok() {
                            written = writer.add_note(&note);
                        }
                        facts.push(analyze::facts_for_rollup(note));
                    }
                    Err(SourceError::GeneratedReport { .. }) => {}
                    Err(err) => loaded.errors.push(err),
                }
            }
            let after = reader.map(|r| r.join().expect("reading notes does not panic"));
            (written, after)
        });
        written?;
        next = after;
    }
    let rollup = analyze::rollup_facts(facts, options, config);
    let conn = writer.finish(&rollup)?;
    loaded.read = rollup.notes;
    Ok((conn, loaded))
}

/// Why a query was not answered.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The query is empty.
    #[error("the query is empty; give one SELECT statement")]
    Empty,
    /// The statement would change something: the database, the connection or a file.
    #[error("refused: {0}; `sql` only reads the facts (SELECT, WITH … SELECT, or a PRAGMA that reads the schema)")]
    Refused(String),
    /// It ran longer than the time limit.
    #[error(
        "the query ran longer than {0:?} and was stopped; narrow it, or give a larger --timeout"
    )]
    Timeout(Duration),
    /// The query holds more than one statement.
    #[error("the query holds more than one statement; give one")]
    Multiple,
    /// SQLite could not run it (a syntax error, an unknown table or column).
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// PRAGMAs a query may run: they only read the schema, whatever their argument.
const SCHEMA_PRAGMAS: [&str; 8] = [
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "collation_list",
];

/// PRAGMAs a query may run without a value (with one they would set it).
const VALUE_PRAGMAS: [&str; 6] = [
    "user_version",
    "application_id",
    "schema_version",
    "page_count",
    "page_size",
    "encoding",
];

/// What a statement may do: read tables and views, call functions, recurse, and the
/// PRAGMAs above; anything else is named and denied.
fn allowed(ctx: &AuthContext<'_>) -> Result<(), String> {
    match ctx.action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Recursive => Ok(()),
        AuthAction::Function { function_name } => {
            if function_name.eq_ignore_ascii_case("load_extension") {
                Err("the query would load an extension".into())
            } else {
                Ok(())
            }
        }
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let name = pragma_name.to_ascii_lowercase();
            if SCHEMA_PRAGMAS.contains(&name.as_str())
                || (VALUE_PRAGMAS.contains(&name.as_str()) && pragma_value.is_none())
            {
                Ok(())
            } else if pragma_value.is_some() {
                Err(format!("the query would set PRAGMA {pragma_name}"))
            } else {
                Err(format!("PRAGMA {pragma_name} is not one that only reads"))
            }
        }
        AuthAction::Insert { table_name }
        | AuthAction::Update { table_name, .. }
        | AuthAction::Delete { table_name }
            if table_name.starts_with("sqlite_") =>
        {
            Err("the query would change the schema (create, drop or alter a table, view, index or trigger)".into())
        }
        AuthAction::Insert { table_name } => {
            Err(format!("the query would insert into `{table_name}`"))
        }
        AuthAction::Update { table_name, .. } => {
            Err(format!("the query would update `{table_name}`"))
        }
        AuthAction::Delete { table_name } => {
            Err(format!("the query would delete from `{table_name}`"))
        }
        AuthAction::Attach { .. } => Err("the query would attach a database file".into()),
        AuthAction::Detach { .. } => Err("the query would detach a database".into()),
        AuthAction::Transaction { .. } | AuthAction::Savepoint { .. } => {
            Err("the query would start or end a transaction".into())
        }
        ref other => Err(format!(
            "the query would change the database ({})",
            action_name(other)
        )),
    }
}

/// A short name for an action: its variant's name (`CreateTable`, `DropView`, …).
fn action_name(action: &AuthAction<'_>) -> String {
    let debug = format!("{action:?}");
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Runs one statement that only reads, stopped after `timeout`, and returns its rows.
///
/// Three locks keep the database as it was: an authorizer that denies every action but
/// reading (so a write, `ATTACH`, `VACUUM INTO`, a transaction or a PRAGMA that sets
/// something is refused before it runs, with what it would have done), SQLite's own verdict
/// that the statement is read-only (`sqlite3_stmt_readonly`), and `PRAGMA query_only`.
pub fn query(conn: &mut Connection, sql: &str, timeout: Duration) -> Result<QueryRows, QueryError> {
    if sql.trim().trim_end_matches(';').trim().is_empty() {
        return Err(QueryError::Empty);
    }
    conn.pragma_update(None, "query_only", true)?;
    let denied: Arc<Mutex<Option<String>>> = Arc::default();
    let seen = Arc::clone(&denied);
    conn.authorizer(Some(move |ctx: AuthContext<'_>| match allowed(&ctx) {
        Ok(()) => Authorization::Allow,
        Err(why) => {
            let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
            seen.get_or_insert(why);
            Authorization::Deny
        }
    }))?;
    let deadline = Instant::now() + timeout;
    let timed_out = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = Arc::clone(&timed_out);
    conn.progress_handler(
        1000,
        Some(move || {
            let late = Instant::now() >= deadline;
            if late {
                flag.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            late
        }),
    )?;
    let result = run(conn, sql);
    let refused = denied.lock().unwrap_or_else(|e| e.into_inner()).take();
    conn.authorizer(None::<fn(AuthContext<'_>) -> Authorization>)?;
    conn.progress_handler(0, None::<fn() -> bool>)?;
    match result {
        Ok(rows) => Ok(rows),
        Err(_) if refused.is_some() => Err(QueryError::Refused(refused.unwrap_or_default())),
        Err(QueryError::Sqlite(e))
            if timed_out.load(std::sync::atomic::Ordering::Relaxed)
                && e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) =>
        {
            Err(QueryError::Timeout(timeout))
        }
        Err(QueryError::Sqlite(rusqlite::Error::MultipleStatement)) => Err(QueryError::Multiple),
        Err(e) => Err(e),
    }
}

fn run(conn: &Connection, sql: &str) -> Result<QueryRows, QueryError> {
    let mut stmt = conn.prepare(sql)?;
    if !stmt.readonly() {
        return Err(QueryError::Refused(
            "SQLite reports that the statement writes".into(),
        ));
    }
    let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let count = columns.len();
    let mut rows = Vec::new();
    let mut result = stmt.query([])?;
    while let Some(row) = result.next()? {
        let mut values = Vec::with_capacity(count);
        for i in 0..count {
            values.push(row.get::<_, rusqlite::types::Value>(i)?);
        }
        rows.push(values);
    }
    Ok(QueryRows { columns, rows })
}

/// The statements that made the tables, views and indexes of `conn`, in order, each ending
/// with `;` (what `sql --schema` prints).
pub fn schema(conn: &Connection) -> Result<String, rusqlite::Error> {
    let mut stmt = conn.prepare(
        "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' \
         ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, rowid",
    )?;
    let statements: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<_, _>>()?;
    Ok(statements
        .iter()
        .map(|s| format!("{s};\n"))
        .collect::<Vec<_>>()
        .join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples() -> Connection {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/notes");
        let paths = crate::source::find_notes(&dir, &[]).notes;
        let options = RollupOptions {
            root: dir.to_string_lossy().into_owned(),
            ..RollupOptions::default()
        };
        let (conn, loaded) = load(
            Connection::open_in_memory().unwrap(),
            &paths,
            &options,
            &Config::builtin(),
        )
        .unwrap();
        assert!(loaded.errors.is_empty());
        conn
    }

    fn refused(sql: &str) -> String {
        let mut conn = examples();
        match query(&mut conn, sql, Duration::from_secs(10)) {
            Err(QueryError::Refused(why)) => why,
            other => panic!("{sql}: {other:?}"),
        }
    }

    #[test]
    fn statements_that_change_anything_are_refused_and_say_what() {
        assert_eq!(
            refused("DELETE FROM metrics"),
            "the query would delete from `metrics`"
        );
        assert_eq!(
            refused("INSERT INTO notes (path, kind, team) VALUES ('x', 'weekly', '')"),
            "the query would insert into `notes`"
        );
        assert_eq!(
            refused("UPDATE items SET status = 'done'"),
            "the query would update `items`"
        );
        assert_eq!(
            refused("ATTACH DATABASE '/tmp/x.db' AS x"),
            "the query would attach a database file"
        );
        assert_eq!(
            refused("PRAGMA user_version = 7"),
            "the query would set PRAGMA user_version"
        );
        assert_eq!(
            refused("BEGIN"),
            "the query would start or end a transaction"
        );
        assert_eq!(
            refused("VACUUM INTO '/tmp/copy.db'"),
            "SQLite reports that the statement writes"
        );
        for schema in [
            "DROP TABLE metrics",
            "CREATE TABLE t (x)",
            "CREATE TEMP VIEW v AS SELECT 1",
        ] {
            assert!(
                refused(schema).contains("would change the schema"),
                "{schema}"
            );
        }
        assert_eq!(
            refused("REINDEX"),
            "the query would change the database (Reindex)"
        );
        assert_eq!(
            refused("SELECT load_extension('x')"),
            "the query would load an extension"
        );
    }

    #[test]
    fn reading_queries_and_schema_pragmas_run() {
        let mut conn = examples();
        let rows = query(
            &mut conn,
            "SELECT value_text FROM metrics WHERE name = '入金有效成功率' AND week = '2023-W28';",
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(
            rows.rows,
            vec![vec![rusqlite::types::Value::Text("99.99".into())]]
        );
        let version = query(&mut conn, "PRAGMA user_version", Duration::from_secs(10)).unwrap();
        assert_eq!(version.rows[0][0], rusqlite::types::Value::Integer(1));
        let info = query(
            &mut conn,
            "PRAGMA table_info(items)",
            Duration::from_secs(10),
        )
        .unwrap();
        assert!(info.rows.len() > 10);
        // The database is as it was after a refused statement.
        let _ = query(&mut conn, "DELETE FROM metrics", Duration::from_secs(10));
        let n = query(
            &mut conn,
            "SELECT count(*) FROM metrics",
            Duration::from_secs(10),
        )
        .unwrap();
        assert!(matches!(n.rows[0][0], rusqlite::types::Value::Integer(n) if n > 0));
    }

    #[test]
    fn a_query_past_its_time_limit_is_stopped() {
        let mut conn = examples();
        let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) \
                       SELECT count(*) FROM n";
        let err = query(&mut conn, endless, Duration::from_millis(50)).unwrap_err();
        assert!(matches!(err, QueryError::Timeout(_)), "{err:?}");
    }
}
