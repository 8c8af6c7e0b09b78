// The script in each chart output that draws it with Plotly. Each output is self-contained: it uses window.Plotly
// when the page has it, and otherwise loads the bundle once from the Jupyter server it runs in, where
// kernel-setup/install-kernel.sh puts it (JupyterLab serves lab extensions' folders, classic Notebook nbextensions').
// Where no Plotly can be had (VS Code, GitHub, an untrusted output) the static picture stays.

/** Where the bundle lives under a JUPYTER_PATH folder (share/jupyter), for JupyterLab and for classic Notebook. */
export const plotlyAssets = {
  jupyterLab: 'labextensions/genlab-plotly/static/plotly.min.js',
  classicNotebook: 'nbextensions/genlab-plotly/plotly.min.js',
};

/** The Plotly figure a chart draws. */
export interface PlotlyFigure {
  data: object[];
  layout: object;
  config: object;
}

// Plain ES5 in the page. An AMD loader on the page (VS Code's notebook renderer, RequireJS) would take the UMD
// bundle as an anonymous module and never set window.Plotly, so `define` is hidden while the bundle runs.
const loader = `function (id, figure) {
  function plotlyUrl() {
    var lab = document.getElementById('jupyter-config-data');
    if (lab) return JSON.parse(lab.textContent).baseUrl + 'lab/extensions/genlab-plotly/static/plotly.min.js';
    var classic = document.body.getAttribute('data-base-url');
    return classic ? classic + 'nbextensions/genlab-plotly/plotly.min.js' : null;
  }
  function loadPlotly() {
    if (window.Plotly) return Promise.resolve();
    if (window.genlabPlotly) return window.genlabPlotly;
    var url = plotlyUrl();
    if (!url) return Promise.reject(new Error('no Jupyter server to load Plotly from'));
    window.genlabPlotly = new Promise(function (resolve, reject) {
      var define = window.define;
      var script = document.createElement('script');
      script.src = url;
      script.onload = script.onerror = function () {
        window.define = define;
        if (window.Plotly) resolve(); else { window.genlabPlotly = undefined; reject(new Error('Plotly did not load from ' + url)); }
      };
      window.define = undefined;
      document.head.appendChild(script);
    });
    return window.genlabPlotly;
  }
  (function draw(attempt) {
    var el = document.getElementById(id);
    if (!el) { if (attempt < 100) setTimeout(draw, 100, attempt + 1); return; }
    loadPlotly().then(function () {
      el.innerHTML = '';
      window.Plotly.newPlot(el, figure.data, figure.layout, figure.config);
    }, function () {});
  })(0);
}`;

/**
 * The <script> that draws `figure` into the element `id` (which holds the static picture until then). Notebook front
 * ends insert an output's HTML before attaching it to the page, so the element is looked up until it is attached.
 */
export function plotlyScript(id: string, figure: PlotlyFigure): string {
  return `<script>(${loader})(${scriptJson(id)}, ${scriptJson(figure)});</script>`;
}

/** JSON that is safe inside a <script> element: no "<" can start a closing tag. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
