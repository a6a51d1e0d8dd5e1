// Builds the web app (web/ -> web/dist), which the API serves at `/`. In `vite dev`, /api and
// /health go to the API (GREENLIGHT_API_URL, default http://localhost:3000), so the session
// cookie stays same-origin. Vite 8 transforms TSX itself (oxc); no React plugin is needed.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const apiUrl = process.env.GREENLIGHT_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The budget the closing note reports against; ECharts is split into its own chunk by the ops pages' lazy import.
    chunkSizeWarningLimit: 900,
  },
  server: { proxy: { '/api': apiUrl, '/health': apiUrl } },
});
