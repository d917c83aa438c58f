//! Every `console` block of README.md runs against the bundled examples (trycmd), so the
//! README shows what the tool prints. `...` on a line of its own stands for lines left out.
//! Blocks that need other programs (git, pre-commit) are `text` blocks, run by
//! `first_hour.rs` instead.

#[test]
fn readme_console_blocks_print_what_the_tool_prints() {
    trycmd::TestCases::new()
        .register_bin("weekly-report", trycmd::cargo::cargo_bin("weekly-report"))
        .case("README.md");
}
