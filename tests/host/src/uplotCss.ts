// Grafana core loads uPlot's stylesheet globally (@grafana/ui's UPlotChart relies on it, e.g. for the
// cursor overlay's position); the host does the same. esbuild inlines the file as text.
// @ts-ignore -- esbuild import attribute (the stylesheet as a string), no type declaration for .css
import uplotCss from 'uplot/dist/uPlot.min.css' with { type: 'text' };

const style = document.createElement('style');
style.dataset.source = 'uplot';
style.textContent = uplotCss as string;
document.head.appendChild(style);
