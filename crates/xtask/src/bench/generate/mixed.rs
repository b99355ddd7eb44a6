//! A synthetic repository of many small projects, the shapes redlint meets in practice:
//! Compose stacks (with a `.env` and a mounted redis.conf), Dockerfiles (multi-stage Alpine
//! builds of Redis and thin `FROM redis` images), Kubernetes manifests (a ConfigMap with an
//! embedded redis.conf, a StatefulSet or Deployment, a Service), plain redis.conf and
//! sentinel.conf files, and files redlint does not check (sources, docs, package manifests).

use std::fmt::Write as _;

use super::{Block, Rng, parse, small_conf, typical_conf};

/// Projects per top-level directory.
const PROJECTS_PER_GROUP: usize = 25;
/// One project in this many that copies the stock-sized redis.conf instead of a small one.
pub(in crate::bench) const STOCK_CONF_ONE_IN: usize = 12;

const REDIS_IMAGES: [&str; 6] =
    ["redis:7.4", "redis:7.2-alpine", "redis:7.0.15", "redis:7.4.1-bookworm", "bitnami/redis:7.4", "redis"];
const APP_IMAGES: [&str; 4] = ["python:3.12-slim", "node:22-alpine", "golang:1.23-alpine", "ruby:3.3"];
const MEMORY_LIMITS: [&str; 4] = ["256Mi", "512Mi", "1Gi", "2Gi"];

/// `count` files of a mixed repository: (relative path, content), deterministic.
pub(in crate::bench) fn mixed_repo(count: usize, seed: u64) -> Vec<(String, String)> {
    let blocks = parse();
    let items: Vec<&Block> = blocks.iter().filter(|block| !block.directives.is_empty()).collect();
    let stock = typical_conf(2_300);
    let mut rng = Rng::new(seed);
    let mut files: Vec<(String, String)> = Vec::with_capacity(count + 8);
    let mut project = 0;
    while files.len() < count {
        let dir = format!("group-{:03}/project-{project:05}", project / PROJECTS_PER_GROUP);
        let team = project / PROJECTS_PER_GROUP;
        let conf = |rng: &mut Rng| {
            if rng.chance(STOCK_CONF_ONE_IN) { stock.clone() } else { small_conf(project, team, rng, &items) }
        };
        let mut add = |name: &str, text: String| files.push((format!("{dir}/{name}"), text));
        match rng.below(20) {
            0..=6 => {
                let name = rng.pick(&["compose.yaml", "docker-compose.yml", "compose.prod.yaml"]);
                add(name, compose_file(project, &mut rng));
                add(".env", env_file(project, &mut rng));
                add("redis/redis.conf", conf(&mut rng));
                add("app/Dockerfile", app_dockerfile(&mut rng));
                add("app/main.py", app_source(project));
            }
            7..=10 => {
                add("Dockerfile", redis_dockerfile(&mut rng));
                add("redis.conf", conf(&mut rng));
                add("docker-entrypoint.sh", entrypoint_script());
            }
            11..=15 => {
                add(
                    "deploy/redis.yaml",
                    kubernetes_redis(project, &small_conf(project, team, &mut rng, &items), &mut rng),
                );
                add("deploy/app.yaml", kubernetes_app(project, &mut rng));
                add("deploy/kustomization.yaml", kustomization());
            }
            16..=18 => {
                add("redis.conf", conf(&mut rng));
                if rng.chance(3) {
                    add("sentinel.conf", sentinel_conf(project, &mut rng));
                }
            }
            _ => {
                add("README.md", readme(project));
                add("package.json", package_json(project));
                add("src/index.ts", app_source(project));
            }
        }
        project += 1;
    }
    files.truncate(count);
    files
}

fn compose_file(project: usize, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(2048);
    let _ = writeln!(out, "name: shop-{project:05}\n");
    let anchors = rng.chance(3);
    if anchors {
        out.push_str(
            "x-logging: &default-logging\n  driver: json-file\n  options:\n    max-size: \"10m\"\n    max-file: \"3\"\n\n",
        );
    }
    out.push_str("services:\n  redis:\n");
    let _ = writeln!(out, "    image: {}", rng.pick(&REDIS_IMAGES));
    match rng.below(3) {
        0 => out.push_str("    command: [\"redis-server\", \"/usr/local/etc/redis/redis.conf\"]\n"),
        1 => out.push_str(
            "    command: redis-server /usr/local/etc/redis/redis.conf --requirepass ${REDIS_PASSWORD}\n",
        ),
        _ => out.push_str(
            "    command:\n      - redis-server\n      - /usr/local/etc/redis/redis.conf\n      - --appendonly\n      - \"yes\"\n",
        ),
    }
    out.push_str("    volumes:\n      - ./redis/redis.conf:/usr/local/etc/redis/redis.conf:ro\n");
    out.push_str(if rng.chance(2) { "      - redis-data:/data\n" } else { "      - ./data/redis:/data\n" });
    match rng.below(3) {
        0 => out.push_str("    ports:\n      - \"6379:6379\"\n"),
        1 => out.push_str("    ports:\n      - \"127.0.0.1:6379:6379\"\n"),
        _ => out.push_str("    expose:\n      - \"6379\"\n"),
    }
    out.push_str("    env_file: .env\n");
    out.push_str(
        "    healthcheck:\n      test: [\"CMD\", \"redis-cli\", \"ping\"]\n      interval: 10s\n      timeout: 3s\n      retries: 5\n",
    );
    if rng.chance(2) {
        let _ = writeln!(
            out,
            "    deploy:\n      resources:\n        limits:\n          memory: {}",
            rng.pick(&["256M", "512M", "1G", "2g"])
        );
    }
    out.push_str("    restart: unless-stopped\n");
    if anchors {
        out.push_str("    logging: *default-logging\n");
    }
    out.push_str("\n  app:\n    build:\n      context: ./app\n      dockerfile: Dockerfile\n");
    out.push_str(
        "    environment:\n      REDIS_URL: redis://redis:6379/0\n      REDIS_PASSWORD: ${REDIS_PASSWORD}\n",
    );
    out.push_str("    depends_on:\n      redis:\n        condition: service_healthy\n");
    let _ = writeln!(out, "    ports:\n      - \"{}:8000\"", 8000 + project % 1000);
    if anchors {
        out.push_str("    logging: *default-logging\n");
    }
    if rng.chance(2) {
        out.push_str("\n  worker:\n    build: ./app\n    command: python -m worker\n");
        out.push_str(
            "    environment:\n      - REDIS_URL=redis://redis:6379/1\n    depends_on:\n      - redis\n",
        );
    }
    out.push_str("\nvolumes:\n  redis-data:\n");
    out
}

fn env_file(project: usize, rng: &mut Rng) -> String {
    format!(
        "# Local settings of shop-{project:05}; not committed in real life.\nCOMPOSE_PROJECT_NAME=shop-{project:05}\n\
         REDIS_PASSWORD={}\nAPP_ENV={}\nLOG_LEVEL=info\n",
        rng.hex(32),
        rng.pick(&["production", "staging", "development"])
    )
}

fn app_dockerfile(rng: &mut Rng) -> String {
    let image = rng.pick(&APP_IMAGES);
    format!(
        "FROM {image}\n\nWORKDIR /srv/app\nCOPY requirements.txt .\n\
         RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n\
         ENV REDIS_URL=redis://redis:6379/0\nEXPOSE 8000\n\
         CMD [\"python\", \"-m\", \"app\"]\n"
    )
}

fn redis_dockerfile(rng: &mut Rng) -> String {
    if rng.chance(2) {
        return format!(
            "FROM {}\n\nCOPY redis.conf /usr/local/etc/redis/redis.conf\n\
             HEALTHCHECK --interval=10s CMD redis-cli ping || exit 1\n\
             CMD [\"redis-server\", \"/usr/local/etc/redis/redis.conf\"]\n",
            rng.pick(&REDIS_IMAGES)
        );
    }
    let alpine = rng.pick(&["3.19", "3.20", "3.21"]);
    let version = rng.pick(&["7.0.15", "7.2.5", "7.4.1"]);
    format!(
        "# syntax=docker/dockerfile:1\n\
         FROM alpine:{alpine} AS build\n\
         ARG REDIS_VERSION={version}\n\
         RUN apk add --no-cache build-base linux-headers openssl-dev curl \\\n\
         \x20   && curl -fsSL \"https://download.redis.io/releases/redis-${{REDIS_VERSION}}.tar.gz\" -o /tmp/redis.tar.gz \\\n\
         \x20   && mkdir -p /usr/src/redis \\\n\
         \x20   && tar -xzf /tmp/redis.tar.gz -C /usr/src/redis --strip-components=1 \\\n\
         \x20   && make -C /usr/src/redis -j\"$(nproc)\" BUILD_TLS=yes \\\n\
         \x20   && make -C /usr/src/redis install PREFIX=/opt/redis\n\n\
         FROM alpine:{alpine}\n\
         RUN addgroup -S -g 1000 redis && adduser -S -G redis -u 999 redis \\\n\
         \x20   && apk add --no-cache openssl tzdata su-exec\n\
         COPY --from=build /opt/redis/bin/ /usr/local/bin/\n\
         COPY redis.conf /etc/redis/redis.conf\n\
         COPY docker-entrypoint.sh /usr/local/bin/\n\
         RUN mkdir /data && chown redis:redis /data\n\
         VOLUME /data\nWORKDIR /data\n\
         EXPOSE 6379\n\
         ENTRYPOINT [\"docker-entrypoint.sh\"]\n\
         CMD [\"redis-server\", \"/etc/redis/redis.conf\"]\n"
    )
}

fn entrypoint_script() -> String {
    "#!/bin/sh\nset -e\nif [ \"$(id -u)\" = '0' ]; then\n  chown -R redis /data\n  exec su-exec redis \"$0\" \"$@\"\nfi\nexec \"$@\"\n"
        .to_owned()
}

fn kubernetes_redis(project: usize, conf: &str, rng: &mut Rng) -> String {
    let name = format!("redis-{project:05}");
    let namespace = format!("team-{:03}", project / PROJECTS_PER_GROUP);
    let mut out = String::with_capacity(conf.len() + 4096);
    let _ = writeln!(
        out,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}-config\n  namespace: {namespace}\ndata:\n  redis.conf: |"
    );
    for line in conf.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "    {line}");
        }
    }
    let stateful = rng.chance(2);
    out.push_str("---\napiVersion: apps/v1\n");
    let _ = writeln!(out, "kind: {}", if stateful { "StatefulSet" } else { "Deployment" });
    let _ = writeln!(
        out,
        "metadata:\n  name: {name}\n  namespace: {namespace}\n  labels:\n    app: {name}\nspec:"
    );
    if stateful {
        let _ = writeln!(out, "  serviceName: {name}");
    }
    let _ = writeln!(
        out,
        "  replicas: 1\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:"
    );
    if rng.chance(2) {
        out.push_str("      securityContext:\n        runAsUser: 999\n        runAsNonRoot: true\n        fsGroup: 999\n");
    }
    let _ = writeln!(
        out,
        "      containers:\n        - name: redis\n          image: {}\n          command: [\"redis-server\", \"/etc/redis/redis.conf\"]",
        rng.pick(&REDIS_IMAGES)
    );
    out.push_str("          ports:\n            - containerPort: 6379\n              name: redis\n");
    let _ = writeln!(
        out,
        "          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: {}",
        rng.pick(&MEMORY_LIMITS)
    );
    out.push_str("          readinessProbe:\n            exec:\n              command: [\"redis-cli\", \"ping\"]\n            periodSeconds: 10\n");
    out.push_str("          volumeMounts:\n            - name: config\n              mountPath: /etc/redis\n            - name: data\n              mountPath: /data\n");
    let _ = writeln!(
        out,
        "      volumes:\n        - name: config\n          configMap:\n            name: {name}-config"
    );
    if stateful {
        out.push_str(
            "  volumeClaimTemplates:\n    - metadata:\n        name: data\n      spec:\n        accessModes: [\"ReadWriteOnce\"]\n        resources:\n          requests:\n            storage: 8Gi\n",
        );
    } else {
        out.push_str("        - name: data\n          emptyDir: {}\n");
    }
    let _ = writeln!(
        out,
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  namespace: {namespace}\nspec:\n  type: {}\n  selector:\n    app: {name}\n  ports:\n    - port: 6379\n      targetPort: redis",
        rng.pick(&["ClusterIP", "ClusterIP", "LoadBalancer"])
    );
    out
}

fn kubernetes_app(project: usize, rng: &mut Rng) -> String {
    let name = format!("shop-{project:05}");
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {}\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/{name}:{}\n          env:\n            - name: REDIS_HOST\n              value: redis-{project:05}\n          ports:\n            - containerPort: 8000\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  selector:\n    app: {name}\n  ports:\n    - port: 80\n      targetPort: 8000\n",
        1 + rng.below(4),
        rng.hex(8)
    )
}

fn kustomization() -> String {
    "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - redis.yaml\n  - app.yaml\n"
        .to_owned()
}

fn sentinel_conf(project: usize, rng: &mut Rng) -> String {
    format!(
        "port 26379\ndaemonize no\ndir /tmp\nsentinel monitor shop-{project:05} 10.0.{}.{} 6379 2\n\
         sentinel down-after-milliseconds shop-{project:05} 5000\nsentinel failover-timeout shop-{project:05} 60000\n\
         sentinel parallel-syncs shop-{project:05} 1\nsentinel auth-pass shop-{project:05} {}\n",
        rng.below(256),
        1 + rng.below(254),
        rng.hex(24)
    )
}

fn readme(project: usize) -> String {
    format!(
        "# shop-{project:05}\n\nThe storefront of team {:03}. Run `docker compose up` and open port 8000.\n",
        project / PROJECTS_PER_GROUP
    )
}

fn package_json(project: usize) -> String {
    format!(
        "{{\n  \"name\": \"shop-{project:05}\",\n  \"version\": \"1.0.0\",\n  \"private\": true,\n  \"dependencies\": {{\n    \"ioredis\": \"^5.4.1\",\n    \"express\": \"^4.21.0\"\n  }}\n}}\n"
    )
}

fn app_source(project: usize) -> String {
    format!(
        "import os\n\nimport redis\n\nclient = redis.Redis.from_url(os.environ[\"REDIS_URL\"])\n\n\ndef handler():\n    return client.incr(\"hits:{project}\")\n"
    )
}
