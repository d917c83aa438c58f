//! A language-server client as an editor is one: it starts `weekly-report server`, speaks
//! JSON-RPC with `Content-Length` framing over the child's stdio, and waits for what it
//! asked. Shared by `tests/server.rs` and `examples/lsp_latency.rs`.
#![allow(dead_code)] // Each user takes a different subset.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long a test waits for any one message.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A running server and the client's end of its pipes.
pub struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Server-to-client messages read while waiting for something else (notifications,
    /// requests), in order.
    pub backlog: Vec<Value>,
    /// The server's cache folder (`XDG_CACHE_HOME`), where it writes the rules reference its
    /// diagnostics link to: a temporary one, never the user's.
    pub cache: tempfile::TempDir,
}

impl Client {
    /// Starts `binary server ARGS…` in `cwd` and initializes it with `initialization_options`.
    pub fn start(
        binary: &Path,
        args: &[&str],
        cwd: &Path,
        initialization_options: Value,
    ) -> Client {
        let cache = tempfile::tempdir().expect("a temporary folder");
        let mut child = Command::new(binary)
            .arg("server")
            .env("XDG_CACHE_HOME", cache.path())
            .args(args)
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            next_id: 0,
            backlog: Vec::new(),
            cache,
        };
        let root = file_uri(cwd);
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "capabilities": {
                    "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
                    "textDocument": { "publishDiagnostics": { "relatedInformation": true } },
                },
                "initializationOptions": initialization_options,
            }),
        );
        assert_eq!(result["result"]["serverInfo"]["name"], "weekly-report");
        client.notify("initialized", json!({}));
        client
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Tells the server a file changed on disk (`workspace/didChangeWatchedFiles`; `kind` 1
    /// created, 2 changed, 3 deleted).
    pub fn file_changed(&mut self, path: &Path, kind: u8) {
        self.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": file_uri(path), "type": kind }] }),
        );
    }

    /// Writes `text` to `path` as another program saves a file, and tells the server (created,
    /// or changed when it was there).
    pub fn save(&mut self, path: &Path, text: &str) {
        let kind = if path.exists() { 2 } else { 1 };
        std::fs::write(path, text).unwrap();
        self.file_changed(path, kind);
    }

    /// Sends a request and waits for its response (the whole response object).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// Waits for the next `publishDiagnostics` of `uri`; returns its diagnostics.
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits for a message `wanted` accepts, keeping the others in `backlog` (answering
    /// the server's own requests, as an editor does).
    pub fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let m = self.messages.recv_timeout(left).unwrap_or_else(|_| {
                panic!(
                    "no awaited message from the server; got {:#?}",
                    self.backlog
                )
            });
            if m.get("method").is_some() && m.get("id").is_some() {
                // A request of the server (client/registerCapability): accept it.
                let id = m["id"].clone();
                self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": null }));
            }
            if wanted(&m) {
                return m;
            }
            self.backlog.push(m);
        }
    }

    /// Sends `shutdown` then `exit`; returns whether the server then ended with status 0.
    pub fn shutdown(mut self) -> bool {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        self.exit_status().success()
    }

    /// Waits for the server to end; its exit status.
    pub fn exit_status(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("waiting for the server") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|_| self.stdin.flush())
            .expect("writing to the server");
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads one framed message; `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The `file:` URI of a path, as an editor writes it (UTF-8, percent-encoded).
pub fn file_uri(path: &Path) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    format!(
        "file://{}",
        percent_encoding::utf8_percent_encode(&path.to_string_lossy(), KEEP)
    )
}
