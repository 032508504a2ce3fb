export { type App, type AppOptions, buildApp } from './app.ts';
