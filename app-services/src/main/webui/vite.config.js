import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The storefront builds into dist/, which Maven copies to META-INF/resources of the app-services
// jar (the storefront service serves it at /). In `npm run dev`, the APIs are proxied to a local
// shop started with `mvn quarkus:dev` (all services in one process on :8080).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, assetsDir: 'assets' },
  server: { proxy: { '/api': 'http://localhost:8080' } },
  test: { environment: 'node', include: ['src/**/*.test.js'] },
});
