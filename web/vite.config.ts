import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const root = fileURLToPath(new URL(".", import.meta.url));

/** The dashboard: built to web/dist, served by the API server at /. In dev, /api is proxied to `npm start`. */
export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { proxy: { "/api": `http://127.0.0.1:${process.env.PORT ?? 8377}` } },
});
