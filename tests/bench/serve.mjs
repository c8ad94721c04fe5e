// The bench page's static server: the page, a client build, the models, onnxruntime-web and the
// test images, on a free localhost port.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

export const ROOT = new URL("../../", import.meta.url).pathname;

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".json": "application/json", ".png": "image/png",
};

/** Serves the bench with the client's wasm-bindgen output from `pkg` (a directory under ROOT). */
export async function serveBench(pkg = "www/pkg/") {
  const mounts = {
    "/bench/": "tests/bench/",
    "/pkg/": pkg,
    "/models/": "www/models/",
    "/ort/": "node_modules/onnxruntime-web/dist/",
    "/onnx/": "models/",
    "/data/": "tests/data/",
  };
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const mount = Object.keys(mounts).find((m) => path.startsWith(m));
    const rel = mount && normalize(path.slice(mount.length));
    if (!mount || rel.startsWith("..")) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(ROOT, mounts[mount], rel));
      res.writeHead(200, { "content-type": TYPES[extname(rel)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
