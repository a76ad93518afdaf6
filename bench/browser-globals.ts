// The datasource's code runs in a browser: @grafana/data reads `window` and `document` when it loads (its
// localStorage store, react-use's CSS helper). A bench that reads or writes frames in Node imports this first to
// get jsdom's, as the unit tests' environment (jest-environment-jsdom) gives them.
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
Object.assign(globalThis, { window, document: window.document, navigator: window.navigator });
