//! `weekly-report server`: a language server for notes, over stdio.
//!
//! An editor sends the text of an open note; the server checks it with the same
//! [`Checker`] `check` uses (the unsaved text, with last week's note, the week's other notes,
//! the linked daily notes and the configuration read from disk) and publishes the findings
//! as diagnostics ([`diagnostics`]). It offers each fix `check --fix` makes, a directive that
//! silences a rule for the note and the configuration line that names an unknown section as
//! code actions ([`actions`]); a hover shows what `explain` read from a line ([`hover`]);
//! objectives, projects and sections make the outline and the folding ranges ([`symbols`]);
//! derived values can show at the end of their line as inlay hints ([`hints`], off unless
//! asked for).
//!
//! Built on `lsp-server` and `lsp-types`, the crates rust-analyzer is built on and ruff's
//! server uses: a synchronous loop over a channel of messages is all a checker that takes a
//! few milliseconds needs — no async runtime (tower-lsp-server would bring tokio), and the
//! debouncing and the order of work stay plain code in this file.
//!
//! The loop: changes are applied to the buffer as they come; a note is checked once the
//! messages waiting have been read (and `debounce` has passed since its last change), so a
//! burst of keystrokes is checked once. A request is answered against the latest text. A
//! panic in a request is caught and answered as an error; a panic while checking becomes a
//! diagnostic. Memory is bounded: a note's buffer and last check are replaced on each
//! change, dropped on close; the folder listings are dropped whenever a watched file
//! changes.

mod actions;
mod diagnostics;
mod hints;
mod hover;
mod symbols;
mod text;
mod uri;

use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, InlayHintRequest,
    Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, Diagnostic, HoverProviderCapability, InitializeParams, OneOf,
    PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    Uri,
};

use crate::config::Config;
use crate::lint::Finding;
use crate::model::Note;
use crate::source::{self, Decoded, Encoding};
use crate::workspace::check::{validate_rules, Checker};
use text::{Buffer, Lines};

/// The rules reference the tool carries (`docs/rules.md`), as a file an editor can open
/// offline: written once per version to the user's cache folder
/// (`$XDG_CACHE_HOME/weekly-report/VERSION/rules.md`, else under `~/.cache`) and never
/// replacing a file it did not write. Its `file://` address; `None` when there is no such
/// folder, it cannot be written, or another file stands there (diagnostics then carry no
/// link).
pub fn local_rules_reference() -> Option<String> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let dir = base.join("weekly-report").join(env!("CARGO_PKG_VERSION"));
    let path = dir.join("rules.md");
    let text = crate::lint::reference_markdown();
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        std::fs::create_dir_all(&dir).ok()?;
        crate::sink::write_file(&path, text.as_bytes(), crate::sink::Replace::Never).ok()?;
    }
    Some(uri::from_path(&path)?.to_string())
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The configuration for every note (`--config`); else each note's nearest
    /// `weekly-report.yaml`, else the built-in one.
    pub config: Option<PathBuf>,
    /// How long a note must go unchanged before it is checked (changes already waiting are
    /// always taken together).
    pub debounce: Duration,
    /// The rules reference's address, for the links of diagnostic codes (none: no links).
    pub rules_url: Option<String>,
    /// Whether derived values show as inlay hints (also `"inlayHints": true` in the client's
    /// initialization options).
    pub inlay_hints: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            config: None,
            debounce: Duration::ZERO,
            rules_url: None,
            inlay_hints: false,
        }
    }
}

/// Why the server stopped before the client asked it to.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The client broke the protocol (or went away during the handshake).
    #[error("language server protocol: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    /// The initialization parameters could not be read.
    #[error("reading the client's initialize parameters")]
    Initialize(#[source] serde_json::Error),
    /// Reading standard input or writing standard output failed.
    #[error("reading or writing the client's messages")]
    Io(#[from] std::io::Error),
    /// The client said `exit` without asking for `shutdown` first (the protocol has the
    /// server exit with an error then).
    #[error("the client said exit before shutdown")]
    ExitBeforeShutdown,
}

/// Serves one editor over standard input and output until it sends `exit`.
pub fn run(options: Options) -> Result<(), ServerError> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection, options)?;
    drop(connection);
    io_threads.join()?;
    Ok(())
}

/// Serves one editor over `connection` (standard I/O, a socket, or memory in a test): the
/// handshake, then every message until `exit`.
pub fn serve(connection: &Connection, mut options: Options) -> Result<(), ServerError> {
    let (id, params) = connection.initialize_start()?;
    let init: InitializeParams = serde_json::from_value(params).map_err(ServerError::Initialize)?;
    if let Some(asked) = init
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("inlayHints"))
        .and_then(serde_json::Value::as_bool)
    {
        options.inlay_hints = asked;
    }
    let result = serde_json::json!({
        "capabilities": capabilities(&options),
        "serverInfo": { "name": "weekly-report", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    let mut server = Server {
        connection,
        options,
        docs: HashMap::new(),
        deadline: None,
        next_id: 0,
    };
    if init
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false)
    {
        server.watch_files()?;
    }
    server.run()
}

/// What the server offers.
fn capabilities(options: &Options) -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(lsp_types::FoldingRangeProviderCapability::Simple(true)),
        inlay_hint_provider: options.inlay_hints.then_some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// Which configuration a note is checked with: the file's path, or `None` for the built-in
/// one.
type ConfigKey = Option<PathBuf>;

/// The configurations of the open notes, read from disk, or why one could not be read.
type Configs = BTreeMap<ConfigKey, Result<Config, String>>;

/// What the loop of one set of configurations ends with.
enum Next {
    /// Read the configurations again (one changed, or a note needs one not read yet).
    Reload,
    /// The client asked for `shutdown` then said `exit`, or went away.
    Exit,
}

/// An open note.
struct Document {
    /// The file it is.
    path: PathBuf,
    /// The client's version of the text.
    version: i32,
    /// The text as the editor has it.
    buffer: Buffer,
    /// The configuration it is checked with.
    config: ConfigKey,
    /// The last check, of the current text; `None` while a change waits to be checked.
    checked: Option<Checked>,
}

/// A note's text as checked, with what was found.
struct Checked {
    /// The path as the findings show it.
    shown: String,
    /// The text checked (line endings normalised).
    text: String,
    /// Its lines.
    lines: Lines,
    /// What the rules found (none when the note was not checked).
    findings: Vec<Finding>,
    /// The parsed note, made when a request needs it.
    note: OnceLock<Note>,
}

impl Checked {
    /// The parsed note.
    fn note(&self, config: &Config) -> &Note {
        self.note
            .get_or_init(|| crate::parse_note(&self.shown, &self.text, config))
    }
}

/// What a request handler sees of a note.
pub(crate) struct View<'a> {
    /// The note as checked.
    checked: &'a Checked,
    /// Its configuration.
    config: &'a Config,
    /// Where that configuration lives (`None`: built in).
    config_path: Option<&'a Path>,
    /// The note's file.
    path: &'a Path,
    /// The document's URI.
    uri: &'a Uri,
}

struct Server<'c> {
    connection: &'c Connection,
    options: Options,
    docs: HashMap<Uri, Document>,
    /// When the notes changed last wait to be checked.
    deadline: Option<Instant>,
    next_id: i32,
}

impl Server<'_> {
    /// Serves until `exit`, reading the configurations again whenever one changes.
    fn run(&mut self) -> Result<(), ServerError> {
        loop {
            let configs = self.load_configs();
            let mut checkers: HashMap<ConfigKey, Checker<'_>> = configs
                .iter()
                .filter_map(|(k, c)| Some((k.clone(), Checker::new(c.as_ref().ok()?))))
                .collect();
            for doc in self.docs.values_mut() {
                doc.checked = None;
            }
            if !self.docs.is_empty() {
                self.deadline = Some(Instant::now());
            }
            match self.serve_with(&configs, &mut checkers)? {
                Next::Reload => continue,
                Next::Exit => return Ok(()),
            }
        }
    }

    /// The configuration of each open note, read from disk.
    fn load_configs(&self) -> Configs {
        let mut configs = Configs::new();
        for doc in self.docs.values() {
            configs
                .entry(doc.config.clone())
                .or_insert_with(|| load_config(doc.config.as_deref()));
        }
        configs
    }

    /// The configuration a note at `path` is checked with.
    fn config_key(&self, path: &Path) -> ConfigKey {
        match &self.options.config {
            Some(explicit) => Some(explicit.clone()),
            None => source::find_config(path.parent().unwrap_or(Path::new("."))),
        }
    }

    /// Serves messages with one set of configurations.
    fn serve_with<'k>(
        &mut self,
        configs: &'k Configs,
        checkers: &mut HashMap<ConfigKey, Checker<'k>>,
    ) -> Result<Next, ServerError> {
        loop {
            let message = match self.deadline {
                None => match self.connection.receiver.recv() {
                    Ok(m) => m,
                    Err(_) => return Ok(Next::Exit),
                },
                Some(deadline) => {
                    let wait = deadline.saturating_duration_since(Instant::now());
                    match self.connection.receiver.recv_timeout(wait) {
                        Ok(m) => m,
                        Err(RecvTimeoutError::Timeout) => {
                            self.publish(configs, checkers)?;
                            continue;
                        }
                        Err(RecvTimeoutError::Disconnected) => return Ok(Next::Exit),
                    }
                }
            };
            match message {
                Message::Request(request) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(Next::Exit);
                    }
                    self.publish(configs, checkers)?;
                    let response = self.answer(request, configs);
                    self.send(response.into())?;
                }
                Message::Notification(n) if n.method == "exit" => {
                    return Err(ServerError::ExitBeforeShutdown)
                }
                Message::Notification(n) => {
                    if let Some(next) = self.notified(n, configs, checkers) {
                        return Ok(next);
                    }
                }
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, message: Message) -> Result<(), ServerError> {
        self.connection.sender.send(message).map_err(|_| {
            ServerError::Io(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "the client went away",
            ))
        })
    }

    /// Asks the client to report changes of notes and configurations.
    fn watch_files(&mut self) -> Result<(), ServerError> {
        let params = serde_json::json!({
            "registrations": [{
                "id": "weekly-report-watch",
                "method": DidChangeWatchedFiles::METHOD,
                "registerOptions": { "watchers": [
                    { "globPattern": "**/*.md" },
                    { "globPattern": "**/*.markdown" },
                    { "globPattern": "**/weekly-report.yaml" },
                ]},
            }],
        });
        self.next_id += 1;
        let request = Request::new(
            RequestId::from(self.next_id),
            "client/registerCapability".to_string(),
            params,
        );
        self.send(request.into())
    }

    /// Handles a notification; returns what ends this set of configurations, if it does.
    fn notified(
        &mut self,
        n: Notification,
        configs: &Configs,
        checkers: &mut HashMap<ConfigKey, Checker<'_>>,
    ) -> Option<Next> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams =
                    serde_json::from_value(n.params).ok()?;
                let doc = p.text_document;
                let path = uri::to_path(&doc.uri)?;
                let config = self.config_key(&path);
                let known = configs.contains_key(&config);
                self.docs.insert(
                    doc.uri,
                    Document {
                        path,
                        version: doc.version,
                        buffer: Buffer::new(doc.text),
                        config,
                        checked: None,
                    },
                );
                self.changed();
                (!known).then_some(Next::Reload)
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(n.params).ok()?;
                let doc = self.docs.get_mut(&p.text_document.uri)?;
                doc.buffer.apply(p.content_changes);
                doc.version = p.text_document.version;
                doc.checked = None;
                self.changed();
                None
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams =
                    serde_json::from_value(n.params).ok()?;
                self.docs.remove(&p.text_document.uri);
                let cleared = PublishDiagnosticsParams::new(p.text_document.uri, vec![], None);
                let _ =
                    self.send(Notification::new(PublishDiagnostics::METHOD.into(), cleared).into());
                None
            }
            DidChangeWatchedFiles::METHOD => {
                let p: lsp_types::DidChangeWatchedFilesParams =
                    serde_json::from_value(n.params).ok()?;
                let config_changed = p.changes.iter().any(|c| {
                    uri::to_path(&c.uri)
                        .is_some_and(|p| p.file_name().is_some_and(|n| n == "weekly-report.yaml"))
                });
                if config_changed {
                    // Notes may now find another configuration, nearer or farther.
                    let docs: Vec<(Uri, PathBuf)> = self
                        .docs
                        .iter()
                        .map(|(u, d)| (u.clone(), d.path.clone()))
                        .collect();
                    for (u, path) in docs {
                        let key = self.config_key(&path);
                        if let Some(d) = self.docs.get_mut(&u) {
                            d.config = key;
                        }
                    }
                    return Some(Next::Reload);
                }
                for checker in checkers.values_mut() {
                    checker.forget_folders();
                }
                for doc in self.docs.values_mut() {
                    doc.checked = None;
                }
                self.changed();
                None
            }
            _ => None,
        }
    }

    /// A note changed: check the notes waiting once `debounce` has passed.
    fn changed(&mut self) {
        self.deadline = Some(Instant::now() + self.options.debounce);
    }

    /// Checks every note whose text changed since its last check, and publishes what was found.
    fn publish(
        &mut self,
        configs: &Configs,
        checkers: &mut HashMap<ConfigKey, Checker<'_>>,
    ) -> Result<(), ServerError> {
        self.deadline = None;
        let rules_url = self.options.rules_url.clone();
        let mut out = Vec::new();
        for (uri, doc) in self.docs.iter_mut().filter(|(_, d)| d.checked.is_none()) {
            let config = configs.get(&doc.config);
            let checker = checkers.get_mut(&doc.config);
            let (checked, diagnostics) = check(doc, config, checker, rules_url.as_deref());
            doc.checked = Some(checked);
            out.push(PublishDiagnosticsParams::new(
                uri.clone(),
                diagnostics,
                Some(doc.version),
            ));
        }
        for params in out {
            self.send(Notification::new(PublishDiagnostics::METHOD.into(), params).into())?;
        }
        Ok(())
    }

    /// Answers a request; a panic while answering is an error response.
    fn answer(&self, request: Request, configs: &Configs) -> Response {
        let id = request.id.clone();
        let method = request.method.clone();
        match catch_unwind(AssertUnwindSafe(|| self.dispatch(request, configs))) {
            Ok(Ok(result)) => Response::new_ok(id, result),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(panic) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!(
                    "weekly-report failed answering {method}: {}",
                    panic_text(&panic)
                ),
            ),
        }
    }

    fn dispatch(
        &self,
        request: Request,
        configs: &Configs,
    ) -> Result<serde_json::Value, (ErrorCode, String)> {
        fn params<P: serde::de::DeserializeOwned>(r: Request) -> Result<P, (ErrorCode, String)> {
            serde_json::from_value(r.params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
        }
        let json = |v: serde_json::Value| Ok(v);
        match request.method.as_str() {
            HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(request)?;
                let at = &p.text_document_position_params;
                json(
                    self.view(&at.text_document.uri, configs)
                        .map_or(serde_json::Value::Null, |v| {
                            serde_json::json!(hover::hover(&v, at.position))
                        }),
                )
            }
            CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = params(request)?;
                json(
                    self.view(&p.text_document.uri, configs)
                        .map_or(serde_json::Value::Null, |v| {
                            serde_json::json!(actions::code_actions(&v, p.range))
                        }),
                )
            }
            DocumentSymbolRequest::METHOD => {
                let p: lsp_types::DocumentSymbolParams = params(request)?;
                json(
                    self.view(&p.text_document.uri, configs)
                        .map_or(serde_json::Value::Null, |v| {
                            serde_json::json!(symbols::document_symbols(&v))
                        }),
                )
            }
            FoldingRangeRequest::METHOD => {
                let p: lsp_types::FoldingRangeParams = params(request)?;
                json(
                    self.view(&p.text_document.uri, configs)
                        .map_or(serde_json::Value::Null, |v| {
                            serde_json::json!(symbols::folding_ranges(&v))
                        }),
                )
            }
            InlayHintRequest::METHOD => {
                let p: lsp_types::InlayHintParams = params(request)?;
                let shown = self.options.inlay_hints;
                json(
                    self.view(&p.text_document.uri, configs)
                        .filter(|_| shown)
                        .map_or(serde_json::Value::Null, |v| {
                            serde_json::json!(hints::inlay_hints(&v, p.range))
                        }),
                )
            }
            #[cfg(test)]
            "weekly-report/test-panic" => panic!("a test asked for a panic"),
            other => Err((
                ErrorCode::MethodNotFound,
                format!("weekly-report does not answer {other}"),
            )),
        }
    }

    /// What a handler sees of the open note `uri`, once checked with a configuration.
    fn view<'a>(&'a self, uri: &'a Uri, configs: &'a Configs) -> Option<View<'a>> {
        let doc = self.docs.get(uri)?;
        let config = configs.get(&doc.config)?.as_ref().ok()?;
        Some(View {
            checked: doc.checked.as_ref()?,
            config,
            config_path: doc.config.as_deref(),
            path: &doc.path,
            uri,
        })
    }
}

/// Reads the configuration at `path` (`None`: built in), with its rules checked.
fn load_config(path: Option<&Path>) -> Result<Config, String> {
    let Some(path) = path else {
        return Ok(Config::builtin());
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let (config, _) =
        crate::workspace::load_config(Some(path), dir).map_err(|e| error_chain(&e))?;
    validate_rules(&config, Some(path)).map_err(|e| e.to_string())?;
    Ok(config)
}

/// An error with its causes, as one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// What a panic said.
fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

/// Checks an open note with its configuration; returns the check and the diagnostics.
fn check(
    doc: &Document,
    config: Option<&Result<Config, String>>,
    checker: Option<&mut Checker<'_>>,
    rules_url: Option<&str>,
) -> (Checked, Vec<Diagnostic>) {
    let text = source::normalize_line_endings(doc.buffer.text().to_string());
    let checked = |findings| Checked {
        shown: doc.path.to_string_lossy().replace('\\', "/"),
        lines: Lines::new(&text),
        text: text.clone(),
        findings,
        note: OnceLock::new(),
    };
    let config = match config {
        Some(Ok(config)) => config,
        Some(Err(why)) => return (checked(vec![]), vec![diagnostics::not_checked(why)]),
        None => return (checked(vec![]), vec![]),
    };
    let (Some(checker), false) = (
        checker,
        source::is_not_a_note(&doc.path) || source::is_generated_report(text.as_bytes()),
    ) else {
        return (checked(vec![]), vec![]);
    };
    if text.len() as u64 > config.max_note_bytes {
        let why = format!(
            "it is {} bytes, more than max_note_bytes ({})",
            text.len(),
            config.max_note_bytes
        );
        return (checked(vec![]), vec![diagnostics::not_checked(&why)]);
    }
    let decoded = Decoded {
        text: text.clone(),
        encoding: Encoding::Utf8,
    };
    let findings = match catch_unwind(AssertUnwindSafe(|| checker.lint(&doc.path, &decoded))) {
        Ok(findings) => findings,
        Err(panic) => {
            checker.forget_folders();
            let why = format!("internal error ({}); please report it", panic_text(&panic));
            return (checked(vec![]), vec![diagnostics::not_checked(&why)]);
        }
    };
    let checked = checked(findings);
    let diagnostics = checked
        .findings
        .iter()
        .map(|f| {
            diagnostics::diagnostic(
                f,
                &checked.text,
                &checked.lines,
                rules_url,
                config.max_note_bytes,
            )
        })
        .collect();
    (checked, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(id: i32, method: &str, params: serde_json::Value) -> Message {
        Request::new(RequestId::from(id), method.to_string(), params).into()
    }

    fn response(client: &Connection) -> Response {
        loop {
            match client.receiver.recv_timeout(Duration::from_secs(10)) {
                Ok(Message::Response(r)) => return r,
                Ok(_) => continue,
                Err(e) => panic!("no response from the server: {e}"),
            }
        }
    }

    #[test]
    fn a_panic_in_a_request_is_an_error_response_and_the_server_goes_on() {
        let (server, client) = Connection::memory();
        let running = std::thread::spawn(move || serve(&server, Options::default()));
        client
            .sender
            .send(request(
                1,
                "initialize",
                serde_json::json!({ "capabilities": {} }),
            ))
            .unwrap();
        let init = response(&client);
        assert!(init.response_result.unwrap()["capabilities"]["hoverProvider"] == true);
        client
            .sender
            .send(Notification::new("initialized".into(), serde_json::json!({})).into())
            .unwrap();

        client
            .sender
            .send(request(
                2,
                "weekly-report/test-panic",
                serde_json::Value::Null,
            ))
            .unwrap();
        let failed = response(&client);
        let error = failed.response_result.expect_err("an error response");
        assert_eq!(error.code, ErrorCode::InternalError as i32);
        assert_eq!(
            error.message,
            "weekly-report failed answering weekly-report/test-panic: a test asked for a panic"
        );

        // Still serving: a hover of a note that is not open answers null.
        let hover = serde_json::json!({
            "textDocument": { "uri": "file:///nowhere/note.md" },
            "position": { "line": 0, "character": 0 },
        });
        client
            .sender
            .send(request(3, "textDocument/hover", hover))
            .unwrap();
        assert_eq!(
            response(&client).response_result.ok(),
            Some(serde_json::Value::Null)
        );

        client
            .sender
            .send(request(4, "shutdown", serde_json::Value::Null))
            .unwrap();
        assert_eq!(response(&client).id, RequestId::from(4));
        client
            .sender
            .send(Notification::new("exit".into(), serde_json::Value::Null).into())
            .unwrap();
        running
            .join()
            .unwrap()
            .expect("the server ends without an error");
    }
}
