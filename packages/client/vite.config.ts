import { constants } from 'node:zlib';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

/** Game server the dev server forwards socket.io to. @default 'http://localhost:3000' */
const SERVER = process.env.TICK_ARENA_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [
    // Brotli and gzip copies next to every text asset (`x.js.br`, `x.js.gz`), made once at build at the
    // highest levels, so the server only picks a file by Accept-Encoding (@fastify/static `preCompressed`,
    // or nginx `brotli_static`/`gzip_static`): the 1.4 MB Phaser chunk goes out as ~0.3 MB, at no CPU cost
    // per request. Files under 1 KiB are left alone (the header and the extra stat cost more than they save),
    // and so is any copy that is not smaller.
    compression({
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm('gzip', { level: 9 }),
      ],
      threshold: 1024,
      skipIfLargerOrEqual: true,
    }),
  ],
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
