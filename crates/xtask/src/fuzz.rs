//! `cargo xtask fuzz [TARGET...] [--time SECS] [--no-seed]`: seed each target's corpus from the
//! project's own files, then run the `cargo fuzz` targets of `fuzz/` one after another.
//!
//! Seeds come from the rule fixtures, the policy pages' code blocks and the examples; a seed
//! is named after where it came from, so seeding again overwrites it instead of piling up
//! copies. Crashes, timeouts and out-of-memory inputs land in `fuzz/artifacts/<target>/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{run, workspace_root};

pub(crate) const TARGETS: [&str; 6] = ["redis_conf", "yaml", "compose", "dockerfile", "kubernetes", "engine"];

/// Per input: long enough for a big input's honest work in a debug-assertion build, short
/// enough that a quadratic path over `MAX_LEN` bytes is reported as a timeout.
const INPUT_TIMEOUT_SECS: u32 = 5;
/// Room for pathological inputs (thousands of lines, long flow mappings, deep nesting).
const MAX_LEN: u32 = 128 * 1024;
const RSS_LIMIT_MB: u32 = 2048;
const DEFAULT_SECS: u32 = 600;

/// The line that starts a file in the `engine` target's input (`fuzzing::FILE_HEADER`).
const FILE_HEADER: &str = "@@ ";

pub(crate) fn run_task(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask fuzz [TARGET...] [--time SECS] [--no-seed]";
    let mut targets = Vec::new();
    let mut seconds = DEFAULT_SECS;
    let mut seed = true;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--time" => {
                seconds = args
                    .next()
                    .and_then(|value| value.parse().ok())
                    .ok_or_else(|| format!("--time needs a number of seconds\n{usage}"))?;
            }
            "--no-seed" => seed = false,
            "-h" | "--help" => {
                println!("{usage}\ntargets: {}", TARGETS.join(", "));
                return Ok(());
            }
            target if TARGETS.contains(&target) => targets.push(target),
            other => {
                return Err(format!("unknown argument `{other}`\n{usage}\ntargets: {}", TARGETS.join(", ")));
            }
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    let root = workspace_root();
    if seed {
        let seeds = seeds(&root)?;
        for target in &targets {
            let written = write_seeds(&root, target, seeds.get(*target).map_or(&[][..], Vec::as_slice))?;
            println!("fuzz: {target}: {written} seeds");
        }
    }
    for target in &targets {
        println!("fuzz: running {target} for {seconds} s");
        run(Command::new("cargo")
            // `cargo xtask` runs on the default toolchain; cargo-fuzz needs nightly (sanitizer
            // flags), chosen by rustup's `+nightly`, so nothing of the outer cargo may leak in.
            .env_remove("RUSTUP_TOOLCHAIN")
            .env_remove("CARGO")
            .env_remove("RUSTC")
            .current_dir(&root)
            .args(["+nightly", "fuzz", "run", target, "--"])
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-timeout={INPUT_TIMEOUT_SECS}"))
            .arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
            .arg(format!("-max_len={MAX_LEN}"))
            .arg("-print_final_stats=1"))
        .map_err(|error| {
            format!("{error}\nthe input is in fuzz/artifacts/{target}/; see CONTRIBUTING.md, \"Fuzzing\"")
        })?;
    }
    Ok(())
}

/// Seeds per target: (name, content).
type Seeds = BTreeMap<&'static str, Vec<(String, Vec<u8>)>>;

fn seeds(root: &Path) -> Result<Seeds, String> {
    let mut seeds = Seeds::new();
    // Each fixture case and each example is a project: one engine input with all its files.
    let mut projects = Vec::new();
    collect_projects(&root.join("crates/redlint_core/tests/fixtures"), &mut projects)?;
    for examples in ["examples", "web/examples"] {
        let dir = root.join(examples);
        if dir.is_dir() {
            for entry in read_dir(&dir)? {
                if entry.is_dir() {
                    projects.push(entry);
                }
            }
        }
    }
    for project in &projects {
        let mut files = Vec::new();
        collect_files(project, &mut files)?;
        files.sort();
        let mut framed = Vec::new();
        for file in &files {
            let content = std::fs::read(file).map_err(|error| format!("{}: {error}", file.display()))?;
            let relative = relative_path(project, file);
            if let Some(target) = target_for(&relative) {
                let name = seed_name(&relative_path(root, file));
                if matches!(target, "compose" | "kubernetes") {
                    seeds.entry("yaml").or_default().push((name.clone(), content.clone()));
                }
                seeds.entry(target).or_default().push((name, content.clone()));
            }
            framed.extend_from_slice(format!("{FILE_HEADER}{relative}\n").as_bytes());
            framed.extend_from_slice(&content);
            if !framed.ends_with(b"\n") {
                framed.push(b'\n');
            }
        }
        seeds.entry("engine").or_default().push((seed_name(&relative_path(root, project)), framed));
    }
    policy_blocks(root, &mut seeds)?;
    Ok(seeds)
}

/// The code blocks of the policy pages: one seed per block for its format's target, and one
/// engine seed per page whose blocks name their files (`file=path`).
fn policy_blocks(root: &Path, seeds: &mut Seeds) -> Result<(), String> {
    let mut pages = Vec::new();
    collect_files(&root.join("policies"), &mut pages)?;
    pages.retain(|page| page.extension().is_some_and(|extension| extension == "md"));
    pages.sort();
    for page in pages {
        let text = std::fs::read_to_string(&page).map_err(|error| format!("{}: {error}", page.display()))?;
        let page_name = seed_name(&relative_path(root, &page));
        let mut framed = String::new();
        let mut lines = text.lines();
        let mut index = 0;
        while let Some(line) = lines.next() {
            let Some(info) = line.strip_prefix("```") else { continue };
            let mut words = info.split_whitespace();
            let target = match words.next() {
                Some("redis-conf") => "redis_conf",
                Some("compose") => "compose",
                Some("k8s") => "kubernetes",
                Some("dockerfile") => "dockerfile",
                _ => {
                    // Skip the block (or the closing fence of one we did not read).
                    if !info.is_empty() {
                        lines.by_ref().take_while(|line| !line.starts_with("```")).for_each(drop);
                    }
                    continue;
                }
            };
            let mut block = String::new();
            for line in lines.by_ref().take_while(|line| !line.starts_with("```")) {
                block.push_str(line);
                block.push('\n');
            }
            index += 1;
            seeds
                .entry(target)
                .or_default()
                .push((format!("{page_name}-{index}"), block.clone().into_bytes()));
            if matches!(target, "compose" | "kubernetes") {
                seeds
                    .entry("yaml")
                    .or_default()
                    .push((format!("{page_name}-{index}"), block.clone().into_bytes()));
            }
            if let Some(path) = words.find_map(|word| word.strip_prefix("file=")) {
                framed.push_str(FILE_HEADER);
                framed.push_str(path);
                framed.push('\n');
                framed.push_str(&block);
            }
        }
        if !framed.is_empty() {
            seeds.entry("engine").or_default().push((page_name, framed.into_bytes()));
        }
    }
    Ok(())
}

/// The target that reads a file of this name on its own.
fn target_for(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let extension = name.rsplit_once('.').map_or("", |(_, extension)| extension);
    let yaml = matches!(extension, "yaml" | "yml");
    if extension == "conf" {
        Some("redis_conf")
    } else if name == "dockerfile" || name.starts_with("dockerfile.") || extension == "dockerfile" {
        Some("dockerfile")
    } else if yaml && name.contains("compose") {
        Some("compose")
    } else if yaml || extension == "json" {
        Some("kubernetes")
    } else {
        None
    }
}

fn write_seeds(root: &Path, target: &str, seeds: &[(String, Vec<u8>)]) -> Result<usize, String> {
    let dir = root.join("fuzz/corpus").join(target);
    std::fs::create_dir_all(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    for (name, content) in seeds {
        let path = dir.join(format!("seed-{name}"));
        std::fs::write(&path, content).map_err(|error| format!("{}: {error}", path.display()))?;
    }
    Ok(seeds.len())
}

/// Directories that hold files directly: a fixture case is a leaf folder of files, possibly
/// with subfolders of its own (`conf.d/`), so a folder with files is a project.
fn collect_projects(dir: &Path, projects: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = read_dir(dir)?;
    if entries.iter().any(|entry| entry.is_file()) {
        projects.push(dir.to_path_buf());
        return Ok(());
    }
    for entry in entries {
        collect_projects(&entry, projects)?;
    }
    Ok(())
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    for entry in read_dir(dir)? {
        if entry.is_dir() {
            collect_files(&entry, files)?;
        } else {
            files.push(entry);
        }
    }
    Ok(())
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|entry| entry.path()).collect();
    paths.sort();
    Ok(paths)
}

fn relative_path(base: &Path, path: &Path) -> String {
    path.strip_prefix(base).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn seed_name(path: &str) -> String {
    path.chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .collect()
}
