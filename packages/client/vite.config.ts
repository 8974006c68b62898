import { defineConfig } from 'vite';

/** Game server the dev server forwards socket.io to. @default 'http://localhost:3000' */
const SERVER = process.env.TICK_ARENA_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  build: {
    outDir: 'dist',
    target: 'es2022',
    // Phaser alone is ~1.4 MB minified; the warning would fire on every build without telling us anything.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        // Vite 8's replacement for Rollup's `manualChunks`: Phaser changes only on upgrades, so in its own
        // chunk it stays cached across game releases while the small app chunk changes.
        codeSplitting: {
          groups: [{ name: 'phaser', test: /[\\/]node_modules[\\/]phaser[\\/]/ }],
        },
      },
    },
  },
  server: {
    proxy: {
      '/socket.io': {
        target: SERVER,
        ws: true,
        changeOrigin: true,
        // The dev server stands in for the game server's own origin, so present the target's origin: the
        // server admits same-origin browsers only, and localhost:5173 would otherwise be refused.
        configure: (proxy) => {
          proxy.on('proxyReq', (req) => req.setHeader('origin', SERVER));
          proxy.on('proxyReqWs', (req) => req.setHeader('origin', SERVER));
        },
      },
    },
  },
});
