// Share links: the files travel in the URL fragment (never sent to a server), as
// base64url(deflate-raw(JSON)). The playground shows a note that the link holds the content.

const PREFIX = "#files=";

/** Encode `{files: [{path, content, kind}], active}` into a URL fragment. */
export async function encodeShare(data) {
  const json = new TextEncoder().encode(JSON.stringify({ v: 1, ...data }));
  const compressed = await pipe(json, new CompressionStream("deflate-raw"));
  let binary = "";
  for (let i = 0; i < compressed.length; i += 0x8000) {
    binary += String.fromCharCode(...compressed.subarray(i, i + 0x8000));
  }
  return PREFIX + btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decode a fragment made by `encodeShare`; `null` when the fragment is not a share link. */
export async function decodeShare(hash) {
  if (!hash.startsWith(PREFIX)) return null;
  const base64 = hash.slice(PREFIX.length).replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const json = new TextDecoder().decode(await pipe(bytes, new DecompressionStream("deflate-raw")));
  const data = JSON.parse(json);
  if (data.v !== 1 || !Array.isArray(data.files)) throw new Error("unsupported share link");
  const files = data.files.map((file) => {
    if (typeof file.path !== "string" || typeof file.content !== "string") {
      throw new Error("malformed share link");
    }
    return { path: file.path, content: file.content, kind: typeof file.kind === "string" ? file.kind : "auto" };
  });
  return { files, active: Number.isInteger(data.active) ? data.active : 0 };
}

async function pipe(bytes, transform) {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
