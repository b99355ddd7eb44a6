//! Kubernetes manifests end to end: the third-party corpus parses, a redis.conf inside a
//! ConfigMap is reported at the manifest's own lines, objects in several files are joined,
//! and annotations and comments suppress findings.

mod common;

use std::fmt::Write as _;

use redlint_core::source::{ColumnEncoding, FileKind};
use redlint_core::{Diagnostic, Input, NoFiles, Report, Settings, check};

/// `file:line:column` of a span's start (1-based, characters).
fn at(report: &Report, span: redlint_core::Span) -> String {
    let file = report.sources().get(span.file);
    let (start, _) = file.range_of(span, ColumnEncoding::Chars);
    format!("{}:{}:{}", file.path(), start.line, start.column)
}

fn findings<'a>(report: &'a Report, rule: &str) -> Vec<&'a Diagnostic> {
    report.diagnostics().iter().filter(|diagnostic| diagnostic.rule == rule).collect()
}

fn corpus_k8s() -> std::path::PathBuf {
    let dir = common::corpus_dir().join("k8s");
    assert!(dir.is_dir(), "the third-party corpus is expected at {} (CI has it there)", dir.display());
    dir
}

/// The corpus manifests, as repository paths `k8s/<name>`.
fn corpus_inputs(names: &[&str]) -> Vec<Input> {
    let dir = corpus_k8s();
    names
        .iter()
        .map(|name| Input::new(format!("k8s/{name}"), std::fs::read(dir.join(name)).expect("corpus file")))
        .collect()
}

#[test]
fn every_corpus_manifest_parses_without_a_parse_error() {
    let dir = corpus_k8s();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 40, "{} manifests", names.len());
    let mut problems = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).expect("text");
        let kind = redlint_core::classify::classify(name, &text);
        if kind != Some(FileKind::Kubernetes) {
            problems.push(format!("{name}: classified as {kind:?}"));
        }
        let id = redlint_core::source::SourceMap::new().add(name.clone(), text.clone(), FileKind::Kubernetes);
        let yaml = redlint_core::yaml::parse(id, &text);
        if !yaml.problems.is_empty() {
            problems.push(format!("{name}: {:?}", yaml.problems));
        }
        if redlint_core::k8s::objects(id, &yaml).is_empty() {
            problems.push(format!("{name}: no Kubernetes object read"));
        }
    }
    // All of them checked together, as `redlint check` on the directory would.
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let report = check(corpus_inputs(&names), &NoFiles, &Settings::default());
    for diagnostic in report.diagnostics() {
        if matches!(diagnostic.rule, "yaml-syntax-error" | "unreadable-file" | "duplicate-key") {
            problems.push(format!(
                "{} [{}] {}",
                at(&report, diagnostic.span),
                diagnostic.rule,
                diagnostic.message
            ));
        }
    }
    assert_eq!(report.summary().files, names.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

const CONFIG_MAP_DEPLOYMENT_SERVICE: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: redis-config
data:
  redis.conf: |
    # cache settings
    bind 0.0.0.0
    maxmemory 2gb
    maxmemory-policy allkeys-lru
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cache
spec:
  selector:
    matchLabels: {app: cache}
  template:
    metadata:
      labels: {app: cache}
    spec:
      containers:
      - name: redis
        image: redis:7.4.6-alpine
        args: [\"/usr/local/etc/redis/redis.conf\"]
        resources:
          limits:
            memory: 1Gi
        volumeMounts:
        - name: config
          mountPath: /usr/local/etc/redis
      volumes:
      - name: config
        configMap:
          name: redis-config
---
apiVersion: v1
kind: Service
metadata:
  name: cache
spec:
  selector: {app: cache}
  ports:
  - port: 6379
";

#[test]
fn config_map_deployment_and_service_report_maxmemory_at_the_config_map_line() {
    let report = check(
        vec![Input::new("deploy/cache.yaml", CONFIG_MAP_DEPLOYMENT_SERVICE)],
        &NoFiles,
        &Settings::default(),
    );
    let found = findings(&report, "maxmemory-exceeds-memory-limit");
    assert_eq!(found.len(), 1, "{}", common::render_detailed(&report));
    let diagnostic = found[0];
    // `maxmemory 2gb` is line 9 of the manifest; `2gb` starts at column 15.
    let file = report.sources().get(diagnostic.span.file);
    let (start, end) = file.range_of(diagnostic.span, ColumnEncoding::Chars);
    assert_eq!(
        (file.path(), start.line, start.column, end.line, end.column),
        ("deploy/cache.yaml", 9, 15, 9, 18)
    );
    assert_eq!(file.slice(diagnostic.span), "2gb");
    // The label points at `limits.memory`, line 29.
    assert_eq!(diagnostic.labels.len(), 1);
    assert_eq!(at(&report, diagnostic.labels[0].span), "deploy/cache.yaml:29:21");
    assert_eq!(diagnostic.labels[0].message, "memory limit");
    // The JSON report says the same, and lists only the manifest.
    let json: serde_json::Value = serde_json::from_str(&report.json_string("test", false)).expect("JSON");
    let files: Vec<&str> =
        json["files"].as_array().unwrap().iter().map(|file| file["path"].as_str().unwrap()).collect();
    assert_eq!(files, ["deploy/cache.yaml"]);
    let entry = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["rule"] == "maxmemory-exceeds-memory-limit")
        .expect("in the JSON report");
    assert_eq!((entry["line"].as_u64(), entry["column"].as_u64()), (Some(9), Some(15)));
    assert_eq!(entry["labels"][0]["line"].as_u64(), Some(29));
    // The Service is a ClusterIP: nothing is exposed; the ConfigMap is read, not checked alone.
    assert!(findings(&report, "redis-exposed-by-service").is_empty());
    assert!(findings(&report, "no-maxmemory").is_empty());
    assert!(findings(&report, "config-outside-repository").is_empty());
}

#[test]
fn objects_in_separate_files_are_joined() {
    let (config_map, rest) = CONFIG_MAP_DEPLOYMENT_SERVICE.split_once("---\n").unwrap();
    // A JSON `List` holding the Service.
    let service = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"cache-public\"}, \"spec\": {\"type\": \"NodePort\", \"selector\": {\"app\": \"cache\"}, \"ports\": [{\"port\": 6379}]}}]}\n";
    let report = check(
        vec![
            Input::new("k8s/configmap.yaml", config_map),
            Input::new("k8s/deployment.yaml", rest),
            Input::new("k8s/service.json", service),
        ],
        &NoFiles,
        &Settings::default(),
    );
    let exceeds = findings(&report, "maxmemory-exceeds-memory-limit");
    assert_eq!(exceeds.len(), 1);
    assert_eq!(at(&report, exceeds[0].span), "k8s/configmap.yaml:9:15");
    assert_eq!(at(&report, exceeds[0].labels[0].span), "k8s/deployment.yaml:18:21");
    let exposed = findings(&report, "redis-exposed-by-service");
    assert_eq!(exposed.len(), 1, "{}", common::render_detailed(&report));
    assert!(at(&report, exposed[0].span).starts_with("k8s/service.json:1:"));
    assert!(exposed[0].message.contains("cache-public"), "{}", exposed[0].message);
}

#[test]
fn json_string_config_maps_map_every_position() {
    // The Kubernetes documentation's ConfigMap: a double-quoted string with escaped line
    // breaks in a JSON-style document, read from the corpus as it is.
    let mut inputs = corpus_inputs(&["k8s-website__pods-config-example-redis-config.yaml"]);
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: redis\nspec:\n  containers:\n  - name: redis\n    image: redis:7.4.6\n    args: [/usr/local/etc/redis/redis.conf]\n    resources:\n      limits:\n        memory: 1Mi\n    volumeMounts:\n    - mountPath: /usr/local/etc/redis\n      name: config\n  volumes:\n  - name: config\n    configMap:\n      name: example-redis-config\n      items:\n      - key: redis-config\n        path: redis.conf\n";
    inputs.push(Input::new("k8s/pod.yaml", pod));
    let report = check(inputs, &NoFiles, &Settings::default());
    let found = findings(&report, "maxmemory-exceeds-memory-limit");
    assert_eq!(found.len(), 1, "{}", common::render_detailed(&report));
    // `       maxmemory 2mb\n\` is line 10; `2mb` starts at column 18.
    assert_eq!(at(&report, found[0].span), "k8s/k8s-website__pods-config-example-redis-config.yaml:10:18");
    assert_eq!(report.sources().get(found[0].span.file).slice(found[0].span), "2mb");
    assert!(findings(&report, "mounted-config-not-used").is_empty(), "items map the key to redis.conf");
}

#[test]
fn annotations_silence_their_rules_inside_their_object() {
    let annotated = CONFIG_MAP_DEPLOYMENT_SERVICE
        .replace(
            "metadata:\n  name: redis-config\n",
            "metadata:\n  name: redis-config\n  annotations:\n    redlint.dev/ignore: \"maxmemory-exceeds-memory-limit -- sized by the platform team\"\n",
        )
        .replace(
            "metadata:\n  name: cache\nspec:\n  selector:",
            "metadata:\n  name: cache\n  annotations:\n    redlint.dev/ignore: no-network-policy, container-security-context-weak\nspec:\n  selector:",
        );
    let report = check(vec![Input::new("cache.yaml", annotated)], &NoFiles, &Settings::default());
    for rule in ["maxmemory-exceeds-memory-limit", "no-network-policy", "container-security-context-weak"] {
        assert!(findings(&report, rule).is_empty(), "{rule} is not suppressed");
        let suppressed = report.suppressed().iter().find(|(diagnostic, _)| diagnostic.rule == rule);
        assert!(suppressed.is_some(), "{rule} is counted as suppressed");
    }
    let (_, suppression) = report
        .suppressed()
        .iter()
        .find(|(diagnostic, _)| diagnostic.rule == "maxmemory-exceeds-memory-limit")
        .unwrap();
    assert_eq!(suppression.reason.as_deref(), Some("sized by the platform team"));
    assert_eq!(report.summary().suppressed, 3);
    // The Deployment's annotation also covers a finding in the ConfigMap that points at the
    // Deployment (its label on `limits.memory`), as a Compose service's `x-redlint-ignore`
    // covers the redis.conf its Redis reads.
    let other = CONFIG_MAP_DEPLOYMENT_SERVICE.replace(
        "metadata:\n  name: cache\nspec:\n  selector:",
        "metadata:\n  name: cache\n  annotations:\n    redlint.dev/ignore: maxmemory-exceeds-memory-limit\nspec:\n  selector:",
    );
    let report = check(vec![Input::new("cache.yaml", other)], &NoFiles, &Settings::default());
    assert!(findings(&report, "maxmemory-exceeds-memory-limit").is_empty());
    assert_eq!(report.summary().suppressed, 1);
}

#[test]
fn comments_inside_an_embedded_config_suppress_its_next_line() {
    let block = CONFIG_MAP_DEPLOYMENT_SERVICE.replace(
        "    maxmemory 2gb\n",
        "    # redlint-ignore maxmemory-exceeds-memory-limit -- checked\n    maxmemory 2gb\n",
    );
    let report = check(vec![Input::new("cache.yaml", block)], &NoFiles, &Settings::default());
    assert!(findings(&report, "maxmemory-exceeds-memory-limit").is_empty());
    assert_eq!(report.suppressed().len(), 1);
    // In a JSON string the comment is a line of the decoded text only.
    let json_config_map = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"redis-config\"}, \"data\": {\"redis.conf\": \"# redlint-ignore maxmemory-exceeds-memory-limit\\nmaxmemory 2gb\\nmaxmemory-policy allkeys-lru\\n\"}}\n";
    let (_, rest) = CONFIG_MAP_DEPLOYMENT_SERVICE.split_once("---\n").unwrap();
    let inputs = vec![Input::new("k8s/cm.json", json_config_map), Input::new("k8s/deploy.yaml", rest)];
    let report = check(inputs, &NoFiles, &Settings::default());
    assert!(
        findings(&report, "maxmemory-exceeds-memory-limit").is_empty(),
        "{}",
        common::render_detailed(&report)
    );
    assert_eq!(report.suppressed().len(), 1);
    let (diagnostic, _) = &report.suppressed()[0];
    assert_eq!(at(&report, diagnostic.span), "k8s/cm.json:1:164");
}

#[test]
fn secrets_are_masked_in_the_manifest() {
    let manifest = CONFIG_MAP_DEPLOYMENT_SERVICE.replace(
        "    bind 0.0.0.0\n",
        "    bind 0.0.0.0\n    requirepass Zq8-not-so-secret-after-all-0123456789\n",
    ) + "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: other\ndata:\n  password: aHVudGVyMg==\n";
    let report = check(vec![Input::new("cache.yaml", manifest.clone())], &NoFiles, &Settings::default());
    let file = report.checked_files().next().unwrap();
    let masked = report.masked_text(file);
    assert!(!masked.contains("Zq8-not-so-secret"), "{masked}");
    assert!(!masked.contains("aHVudGVyMg=="), "{masked}");
    assert_eq!(masked.len(), manifest.len());
    // The password is reported in the ConfigMap, never printed.
    let plaintext = findings(&report, "plaintext-password");
    assert_eq!(plaintext.len(), 1);
    assert_eq!(at(&report, plaintext[0].span), "cache.yaml:9:17");
    assert!(report.json_string("test", false).find("Zq8-not-so-secret").is_none());
}

#[test]
fn helm_templates_are_not_manifests_but_rendered_output_is() {
    let template = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"redis.fullname\" . }}\nspec:\n  replicas: {{ .Values.replicas }}\n";
    assert_eq!(redlint_core::classify::classify("chart/templates/deployment.yaml", template), None);
    let rendered = format!("---\n# Source: redis/templates/all.yaml\n{CONFIG_MAP_DEPLOYMENT_SERVICE}");
    let report = check(vec![Input::new("rendered.yaml", rendered)], &NoFiles, &Settings::default());
    let found = findings(&report, "maxmemory-exceeds-memory-limit");
    assert_eq!(at(&report, found[0].span), "rendered.yaml:11:15");
}

#[test]
fn alias_heavy_manifests_stay_cheap() {
    // A thousand pods of a thousand containers of a thousand variables, through aliases: a
    // 10 KB file whose expansion holds 10^9 variables.
    let repeat = |alias: &str| vec![alias; 1000].join(", ");
    let text = format!(
        "apiVersion: v1\nkind: List\nx-env: &e {{name: REDIS_PASSWORD, value: hunter2}}\nx-container: &c {{name: redis, image: \"redis:7.4.6\", env: [{}]}}\nx-pod: &p {{apiVersion: v1, kind: Pod, metadata: {{name: p}}, spec: {{containers: [{}]}}}}\nitems: [{}]\n",
        repeat("*e"),
        repeat("*c"),
        repeat("*p")
    );
    assert!(text.len() < 20_000);
    let started = std::time::Instant::now();
    let report = check(vec![Input::new("bomb.yaml", text)], &NoFiles, &Settings::default());
    assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
    assert_eq!(findings(&report, "plaintext-password").len(), 1, "{}", common::render_detailed(&report));
    // Distinct pods sharing one list of a thousand distinct containers: 10^6 containers.
    let mut text = String::from("apiVersion: v1\nkind: List\nx-containers: &cs\n");
    for index in 0..1000 {
        writeln!(text, "- {{name: c{index}, image: \"redis:7.4.6\", env: [{{name: X, value: y}}]}}").unwrap();
    }
    text.push_str("items:\n");
    for index in 0..1000 {
        writeln!(
            text,
            "- {{apiVersion: v1, kind: Pod, metadata: {{name: p{index}}}, spec: {{containers: *cs}}}}"
        )
        .unwrap();
    }
    let started = std::time::Instant::now();
    let report = check(vec![Input::new("wide.yaml", text)], &NoFiles, &Settings::default());
    assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
    assert!(!findings(&report, "no-memory-limit").is_empty());
}

#[test]
fn what_redlint_reports_for_five_corpus_manifests() {
    // Checked by hand against the manifests; see the comments for why each finding is right.
    let expect = |names: &[&str], expected: &[(&str, &str)]| {
        let report = check(corpus_inputs(names), &NoFiles, &Settings::default());
        let found: Vec<(String, &str)> = report
            .diagnostics()
            .iter()
            .map(|diagnostic| (at(&report, diagnostic.span), diagnostic.rule))
            .collect();
        for (location, rule) in expected {
            assert!(
                found.iter().any(|(at, found)| at == location && found == rule),
                "{rule} at {location} missing from:\n{}",
                common::render_detailed(&report)
            );
        }
        found
    };
    // An `extensions/v1beta1` Deployment with an emptyDir at /data and a 256Mi limit.
    let found = expect(
        &["microservices-demo-v0.1.0__kubernetes-manifests-redis.yaml"],
        &[
            (
                "k8s/microservices-demo-v0.1.0__kubernetes-manifests-redis.yaml:15:13",
                "deprecated-api-version",
            ),
            (
                "k8s/microservices-demo-v0.1.0__kubernetes-manifests-redis.yaml:39:11",
                "redis-data-on-ephemeral-storage",
            ),
            (
                "k8s/microservices-demo-v0.1.0__kubernetes-manifests-redis.yaml:43:21",
                "memory-limit-without-maxmemory",
            ),
            (
                "k8s/microservices-demo-v0.1.0__kubernetes-manifests-redis.yaml:47:21",
                "memory-request-below-limit",
            ),
            ("k8s/microservices-demo-v0.1.0__kubernetes-manifests-redis.yaml:27:16", "unpinned-image"),
        ],
    );
    // tcpSocket probes are probes; the ClusterIP Service exposes nothing.
    assert!(
        !found.iter().any(|(_, rule)| matches!(*rule, "missing-healthcheck" | "redis-exposed-by-service"))
    );
    // A ReplicationController whose probes run `redis-cli ping` without checking the answer,
    // with its emptyDir at /var/lib/redis while the official image writes to /data.
    expect(
        &["docker-gitlab__kubernetes-redis-rc.yml"],
        &[
            ("k8s/docker-gitlab__kubernetes-redis-rc.yml:27:15", "healthcheck-passes-on-auth-error"),
            ("k8s/docker-gitlab__kubernetes-redis-rc.yml:34:15", "healthcheck-passes-on-auth-error"),
            ("k8s/docker-gitlab__kubernetes-redis-rc.yml:16:15", "redis-data-on-ephemeral-storage"),
            ("k8s/docker-gitlab__kubernetes-redis-rc.yml:16:15", "no-memory-limit"),
            ("k8s/docker-gitlab__kubernetes-redis-rc.yml:4:9", "no-network-policy"),
        ],
    );
    // Bitnami's image through Microsoft's mirror, with ALLOW_EMPTY_PASSWORD=yes: its scripts
    // turn protected mode off, and 6.0 is end of life.
    expect(
        &["azure-voting-app-redis__azure-vote-all-in-one-redis.yaml"],
        &[
            (
                "k8s/azure-voting-app-redis__azure-vote-all-in-one-redis.yaml:22:18",
                "protected-mode-off-without-auth",
            ),
            (
                "k8s/azure-voting-app-redis__azure-vote-all-in-one-redis.yaml:19:16",
                "vulnerable-redis-version",
            ),
            ("k8s/azure-voting-app-redis__azure-vote-all-in-one-redis.yaml:18:15", "missing-healthcheck"),
        ],
    );
    // The documentation's Pod reads the ConfigMap's `redis-config` key as redis.conf: the
    // config is found (no `no-maxmemory`), /data is an emptyDir.
    let found = expect(
        &["k8s-website__pods-config-example-redis-config.yaml", "k8s-website__pods-config-redis-pod.yaml"],
        &[
            ("k8s/k8s-website__pods-config-redis-pod.yaml:18:7", "redis-data-on-ephemeral-storage"),
            ("k8s/k8s-website__pods-config-redis-pod.yaml:7:11", "protected-mode-off-without-auth"),
            ("k8s/k8s-website__pods-config-redis-pod.yaml:7:11", "no-memory-limit"),
        ],
    );
    assert!(!found.iter().any(|(_, rule)| matches!(
        *rule,
        "no-maxmemory" | "mounted-config-not-used" | "config-outside-repository"
    )));
    // The NetworkPolicy of the microservices demo admits only the cart service on 6379: the
    // Redis pods of the release manifests are isolated.
    let found = expect(
        &[
            "microservices-demo__network-policy-redis.yaml",
            "microservices-demo__release-kubernetes-manifests.yaml",
        ],
        &[(
            "k8s/microservices-demo__release-kubernetes-manifests.yaml:413:11",
            "redis-data-on-ephemeral-storage",
        )],
    );
    assert!(!found.iter().any(|(_, rule)| *rule == "no-network-policy"));
}

#[test]
fn odd_shapes_and_broken_manifests_never_panic() {
    // Fields of the wrong type everywhere redlint looks.
    let confused = "apiVersion: v1\nkind: Pod\nmetadata: [not, a, mapping]\nspec:\n  hostNetwork: maybe\n  securityContext: {runAsUser: root, sysctls: {name: vm.x}}\n  volumes: {config: {configMap: x}}\n  containers:\n  - redis:7\n  - name: [a]\n    image: {x: 1}\n    command: redis-server --port 1\n    args: {a: b}\n    env: [{name: A, valueFrom: {secretKeyRef: []}}, {value: x}, 3]\n    envFrom: [{configMapRef: {}}, {secretRef: {name: [x]}}]\n    ports: [{containerPort: seventy}, {containerPort: 99999, hostPort: -1}]\n    resources: {limits: [memory, 1Gi], requests: {memory: 1Zi}}\n    volumeMounts: [{name: config}, {mountPath: /x}, {name: config, mountPath: ''}]\n    livenessProbe: {exec: {command: sh}}\n    securityContext: {capabilities: {drop: ALL}, seccompProfile: []}\n  - name: redis\n    image: \"redis:7.4.6\"\n    volumeMounts: [{name: config, mountPath: /etc/redis, subPath: ../../x}]\n---\napiVersion: v1\nkind: Service\nspec: {selector: [app], ports: {port: 1}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec: {podSelector: {matchExpressions: [{key: a}]}, ingress: [{from: {}}, {ports: [{port: {}}]}]}\n---\napiVersion: v1\nkind: Secret\ndata: {a: '!!!', b: [1], c: \"\"}\nstringData: []\n---\napiVersion: v1\nkind: List\nitems: {a: b}\n---\napiVersion: [v1]\nkind: {Pod: 1}\n";
    let report = check(vec![Input::new("confused.yaml", confused)], &NoFiles, &Settings::default());
    assert!(!report.diagnostics().is_empty());
    // Every corpus manifest cut short and corrupted at deterministic places.
    let dir = corpus_k8s();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for entry in std::fs::read_dir(&dir).expect("corpus") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("corpus file");
        for _ in 0..8 {
            let mut mutated = bytes.clone();
            let cut = (next() as usize) % (mutated.len() + 1);
            mutated.truncate(cut.max(mutated.len() / 2));
            for _ in 0..4 {
                if mutated.is_empty() {
                    break;
                }
                let at = (next() as usize) % mutated.len();
                mutated[at] = b"\n\t :-[]{}\"'|>&*!#%\\"[(next() % 19) as usize];
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let input =
                Input { kind: Some(FileKind::Kubernetes), ..Input::new(format!("k8s/{name}"), mutated) };
            let _ = check(vec![input], &NoFiles, &Settings::default());
        }
    }
}

#[test]
fn every_workload_kind_and_volume_source() {
    let pod = |kind: &str, api: &str, template: &str| {
        format!("apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: w\nspec:\n{template}")
    };
    let spec = "      containers:\n      - name: redis\n        image: redis:7.4.6\n        args: [\"/usr/local/etc/redis/redis.conf\", \"--appendonly\", \"yes\"]\n        volumeMounts:\n        - {name: data, mountPath: /data}\n        - {name: conf, mountPath: /usr/local/etc/redis}\n      volumes:\n      - name: data\n        emptyDir: {medium: Memory}\n      - name: conf\n        projected:\n          sources:\n          - configMap: {name: base}\n          - secret: {name: auth, items: [{key: auth.conf, path: auth.conf}]}\n";
    let template = format!("  template:\n    spec:\n{spec}");
    let cron = format!(
        "  jobTemplate:\n    spec:\n      template:\n        spec:\n{}",
        spec.replace("\n      ", "\n          ").replacen("      containers", "          containers", 1)
    );
    let workloads = [
        pod("Deployment", "apps/v1", &template),
        pod("StatefulSet", "apps/v1", &template),
        pod("DaemonSet", "apps/v1", &template),
        pod("ReplicaSet", "apps/v1", &template),
        pod("ReplicationController", "v1", &template),
        pod("Job", "batch/v1", &template),
        pod("CronJob", "batch/v1", &cron),
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n{}",
            spec.replace("\n    ", "\n").replacen("    containers", "containers", 1)
        ),
    ];
    let data = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: base}\ndata:\n  redis.conf: |\n    include /usr/local/etc/redis/auth.conf\n    maxmemory-policy allkeys-lru\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: auth}\nstringData:\n  auth.conf: |\n    requirepass 8f1c2a9e7b6d4c3e5f0a1b2c3d4e5f60\n";
    for workload in workloads {
        let manifest = format!("{workload}---\n{data}");
        let report = check(vec![Input::new("w.yaml", manifest.clone())], &NoFiles, &Settings::default());
        // `medium: Memory` is a tmpfs: the AOF is lost with the pod.
        let ephemeral = findings(&report, "redis-data-on-ephemeral-storage");
        assert_eq!(ephemeral.len(), 1, "{manifest}\n{}", common::render_detailed(&report));
        assert!(ephemeral[0].message.contains("tmpfs"), "{}", ephemeral[0].message);
        // The Secret's auth.conf is read through the projected volume and the include: the
        // default user has a password (without it, protected mode off is reported), and it is
        // not reported as plaintext (it is in a Secret).
        for rule in [
            "protected-mode-off-without-auth",
            "no-authentication",
            "plaintext-password",
            "include-not-found",
            "include-outside-repository",
            "mounted-config-not-used",
        ] {
            assert!(
                findings(&report, rule).is_empty(),
                "{rule}: {manifest}\n{}",
                common::render_detailed(&report)
            );
        }
    }
}

#[test]
fn namespaces_keep_objects_apart() {
    let manifest = |namespace: &str| {
        format!("{CONFIG_MAP_DEPLOYMENT_SERVICE}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: public\n  namespace: {namespace}\nspec:\n  type: LoadBalancer\n  selector: {{app: cache}}\n  ports:\n  - port: 6379\n")
            .replacen("metadata:\n  name: cache\nspec:\n  selector:", "metadata:\n  name: cache\n  namespace: prod\nspec:\n  selector:", 1)
    };
    let same = check(vec![Input::new("a.yaml", manifest("prod"))], &NoFiles, &Settings::default());
    assert_eq!(findings(&same, "redis-exposed-by-service").len(), 1);
    let other = check(vec![Input::new("a.yaml", manifest("staging"))], &NoFiles, &Settings::default());
    assert!(findings(&other, "redis-exposed-by-service").is_empty());
}

/// Every value of a Secret is masked, also one that is not text (base64 of random bytes,
/// which `data` entries leave out as files).
#[test]
fn every_secret_value_is_masked() {
    let manifest = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: auth\ndata:\n  token: 3q2+7wABAgP/\n  text: aGVsbG8=\nstringData:\n  password: Xy7plainvalue\n";
    let report = check(vec![Input::new("deploy/secret.yaml", manifest)], &NoFiles, &Settings::default());
    let file = report.sources().find("deploy/secret.yaml").unwrap();
    let masked = report.masked_text(file);
    for value in ["3q2+7wABAgP/", "aGVsbG8=", "Xy7plainvalue"] {
        assert!(manifest.contains(value) && !masked.contains(value), "{value} is not masked:\n{masked}");
    }
}
