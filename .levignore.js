// Changes @grafana/levitate reports between the packages Bandscope is built against (12.4) and the matrix's
// floor (11.6) and newest (13.2) that are not incompatibilities for Bandscope (tests/matrix/levitate.mjs).
// Levitate compares a parameter's whole type text, so an optional field added in 12.x, or the same type
// declared as `type` instead of `interface` (13.2's .d.ts), is reported as a change of every method using it.
module.exports = {
  changes: [
    // DataQueryRequest gained the optional `dashboardTitle` in 12.x; Bandscope never reads it.
    /^DataSourceApi\.query$/,
    // ScaleProps gained optional `auto`/`padMinBy`/`padMaxBy`, SeriesProps `showValues` in 12.x: Bandscope sets
    // none of them (src/panel/bands/config.ts); AxisProps and Band only differ in how the .d.ts declares them.
    /^UPlotConfigBuilder\.add(Axis|Band|Scale|Series)$/,
    // setCursor(cursor?: Cursor) in 11.6, 12.4 and 13.2 alike; the 13.2 .d.ts imports uPlot's Cursor as `type`, which
    // levitate reports as a changed parameter type (the wide-chart cursor in src/panel/bands/config.ts).
    /^UPlotConfigBuilder\.setCursor$/,
    // Same type, declared with or without `export` in the bundled 11.6 .d.ts.
    /^PanelPlugin\.setPanelOptions$/,
    // React 19's ComponentType declared as a type alias in the 13.2 .d.ts; the editors are plain function components.
    /^DataSourcePlugin\.set(ConfigEditor|QueryEditor)$/,
    // @grafana/runtime's config (GrafanaBootConfig) gained fields and lost `regionalFormat` in 13.2; Bandscope
    // reads only config.theme2 (src/datasource/datasource.ts), a GrafanaTheme2 in 11.6, 12.4 and 13.2.
    /^config$/,
    // setMigrationHandler's second argument (shouldMigrate) is 12.x+: 11.6 ignores it and, as Grafana always did,
    // migrates when the saved pluginVersion differs from the installed one, which every release changes
    // (src/panel/migrations.ts). 13.2: same signature, its .d.ts imports PanelModel as `type` (no diff shown).
    /^PanelPlugin\.setMigrationHandler$/,
  ],
};
