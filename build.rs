//! Converts the built-in configuration, `src/config/default.yaml`, to JSON at build time.
//!
//! The YAML file is what users read (`weekly-report config --default` prints it); the binary
//! reads the same data from JSON because parsing the YAML was a fifth of the time a pre-commit
//! hook takes to check one note. A unit test in `src/config.rs` checks that both give the same
//! configuration.

use std::path::PathBuf;

fn main() {
    let source = "src/config/default.yaml";
    println!("cargo::rerun-if-changed={source}");
    let yaml = std::fs::read_to_string(source).expect("src/config/default.yaml is readable");
    let value: serde_json::Value =
        serde_saphyr::from_str(&yaml).expect("src/config/default.yaml is valid YAML");
    let json = serde_json::to_string(&value).expect("a YAML document converts to JSON");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("default-config.json"), json).expect("OUT_DIR is writable");
}
