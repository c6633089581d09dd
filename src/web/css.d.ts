// Side-effect CSS imports are extracted by esbuild into dist/web/app.css.
declare module '*.css';
