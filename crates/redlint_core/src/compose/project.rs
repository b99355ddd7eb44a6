//! Grouping Compose files into projects and reading each project as `docker compose` would.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::interpolate::{Environment, parse_dotenv};
use super::service::{Reader, ServiceDef};
use super::{ComposeFiles, Project, TopFile, TopNetwork, TopVolume, is_override_of, merge_service};
use crate::paths;
use crate::source::FileId;
use crate::yaml::{Yaml, YamlRef};

/// Most `include:`/`extends` levels followed.
const MAX_NESTING: usize = 8;

/// Group the Compose files into projects: a base file and its `.override.` file in the same
/// directory are one project; a file another project `include:`s is part of that project.
pub(crate) fn projects(files: &mut dyn ComposeFiles, compose_files: &[FileId]) -> Vec<Project> {
    let mut sorted: Vec<(String, FileId)> = compose_files.iter().map(|&id| (files.path(id), id)).collect();
    crate::sort::sort(&mut sorted);
    let mut projects = Vec::new();
    let mut used: HashSet<FileId> = HashSet::new();
    for (path, id) in &sorted {
        let name = paths::file_name(path);
        let directory = paths::parent(path);
        // An override file is read with its base, when the base exists.
        let is_override = sorted.iter().any(|(other, _)| {
            paths::parent(other) == directory && is_override_of(paths::file_name(other), name)
        });
        if is_override || used.contains(id) {
            continue;
        }
        let mut project_files = vec![*id];
        if let Some((_, override_id)) = sorted.iter().find(|(other, _)| {
            paths::parent(other) == directory && is_override_of(name, paths::file_name(other))
        }) {
            project_files.push(*override_id);
        }
        let project = read_project(files, project_files);
        used.extend(project.files.iter().copied());
        used.extend(project.included.iter().copied());
        projects.push(project);
    }
    // A file included by a later project was read twice: keep it only inside that project.
    let included: HashSet<FileId> =
        projects.iter().flat_map(|project| project.included.iter().copied()).collect();
    projects.retain(|project| !project.files.iter().all(|file| included.contains(file)));
    projects
}

fn read_project(files: &mut dyn ComposeFiles, ids: Vec<FileId>) -> Project {
    let directory = paths::parent(&files.path(ids[0])).to_owned();
    let environment = Environment::new(
        files.read_text(&paths::join(&directory, ".env")).map(|text| parse_dotenv(&text)).unwrap_or_default(),
    );
    let mut project = Project { directory, environment, ..Project::default() };
    for &id in &ids {
        project.files.push(id);
        read_file(files, &mut project, id, 0, true);
    }
    resolve_extends(files, &mut project);
    project
}

/// Read one file's top level into the project; `merge` says whether its services override
/// the project's (files of the same project) or are added (included files).
fn read_file(files: &mut dyn ComposeFiles, project: &mut Project, id: FileId, depth: usize, merge: bool) {
    let Some(yaml) = files.yaml(id) else { return };
    let text = files.text(id);
    let file_dir = paths::parent(&files.path(id)).to_owned();
    let reader = Reader { file: id, text: &text, environment: &project.environment };
    let Some(root) = yaml.document(0).filter(YamlRef::is_mapping) else { return };
    if let Some(services) = root.get("services") {
        // Services by name: finding each one among the earlier ones was quadratic.
        let mut by_name: HashMap<String, usize> =
            project.services.iter().enumerate().map(|(at, service)| (service.name.clone(), at)).collect();
        for (key, node) in services.entries() {
            let Some(name) = key.as_str() else { continue };
            let service = reader.service(name, key, node);
            match by_name.get(name) {
                Some(&at) if merge => merge_service(&mut project.services[at], service),
                Some(_) => {}
                None => {
                    by_name.entry(name.to_owned()).or_insert(project.services.len());
                    project.services.push(service);
                }
            }
        }
    }
    for (section, target) in [("configs", &mut project.configs), ("secrets", &mut project.secrets)] {
        let Some(entries) = root.get(section) else { continue };
        for (key, value) in entries.entries() {
            let Some(name) = key.as_str() else { continue };
            let repository_path = value
                .get("file")
                .and_then(|file| reader.text(file))
                .map(|file| paths::join(&file_dir, &file.value));
            target.insert(name.to_owned(), TopFile { repository_path, span: key.span() });
        }
    }
    if let Some(volumes) = root.get("volumes") {
        for (key, value) in volumes.entries() {
            let Some(name) = key.as_str() else { continue };
            let external = value.get("external").is_some_and(|external| external.as_bool() != Some(false));
            project.volumes.insert(name.to_owned(), TopVolume { external, span: key.span() });
        }
    }
    if let Some(networks) = root.get("networks") {
        for (key, value) in networks.entries() {
            let Some(name) = key.as_str() else { continue };
            let flag = |field: &str| {
                value.get(field).is_some_and(|flag| flag.as_bool() == Some(true) || flag.is_mapping())
            };
            project.networks.insert(
                name.to_owned(),
                TopNetwork { internal: flag("internal"), external: flag("external"), span: key.span() },
            );
        }
    }
    if depth < MAX_NESTING {
        for path in include_paths(&reader, root) {
            let repository_path = paths::join(&file_dir, &path);
            if let Some(included) = files.load_yaml(&repository_path) {
                if included != id
                    && !project.files.contains(&included)
                    && !project.included.contains(&included)
                {
                    project.included.push(included);
                    read_file(files, project, included, depth + 1, false);
                }
            }
        }
    }
}

/// `include:` entries: a path, or `{path: …}` with one path or a list of them.
fn include_paths(reader: &Reader<'_>, root: YamlRef<'_>) -> Vec<String> {
    let Some(include) = root.get("include") else { return Vec::new() };
    let mut out = Vec::new();
    for item in include.items() {
        if item.is_mapping() {
            out.extend(reader.texts(item.get("path")).into_iter().map(|text| text.value));
        } else if let Some(text) = reader.text(item) {
            out.push(text.value);
        }
    }
    out
}

/// `extends:`: the base service's definition under the extending one's.
fn resolve_extends(files: &mut dyn ComposeFiles, project: &mut Project) {
    for _ in 0..MAX_NESTING {
        let Some(index) = project.services.iter().position(|service| service.extends.is_some()) else {
            return;
        };
        let mut service = project.services[index].clone();
        let (base_name, base_file, _) = service.extends.take().expect("has extends");
        let base = match base_file {
            Some(file) => {
                let directory =
                    service.file.map(|file| paths::parent(&files.path(file)).to_owned()).unwrap_or_default();
                let loaded = files.load_yaml(&paths::join(&directory, &file));
                // The file is read as part of this project, not as a project of its own.
                if let Some(id) =
                    loaded.filter(|id| !project.files.contains(id) && !project.included.contains(id))
                {
                    project.included.push(id);
                }
                loaded.and_then(|id| service_from_file(files, &project.environment, id, &base_name))
            }
            None => project.services.iter().find(|other| other.name == base_name).cloned(),
        };
        let merged = match base {
            Some(mut base) => {
                base.extends = None;
                // The extending service declares the container.
                base.name.clone_from(&service.name);
                base.key_span = service.key_span;
                base.span = service.span;
                base.file = service.file;
                merge_service(&mut base, service);
                base
            }
            None => service,
        };
        project.services[index] = merged;
    }
    // Extends chains deeper than the limit (or cycles) stop here.
    for service in &mut project.services {
        service.extends = None;
    }
}

fn service_from_file(
    files: &mut dyn ComposeFiles,
    environment: &Environment,
    id: FileId,
    name: &str,
) -> Option<ServiceDef> {
    let yaml: Arc<Yaml> = files.yaml(id)?;
    let text = files.text(id);
    let reader = Reader { file: id, text: &text, environment };
    let services = yaml.document(0)?.get("services")?;
    let (key, node) = services.entries().into_iter().find(|(key, _)| key.as_str() == Some(name))?;
    Some(reader.service(name, key, node))
}
