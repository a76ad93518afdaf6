// Playwright reporter: after the run, one line per matrix entry (Playwright project),
// `matrix grafana <version> react <version>: <passed>/<total> passed`, with the versions as the host
// reported them (foundation.spec.ts annotates them) or, if that spec did not run, as the entry declares them.
export default class MatrixReporter {
  projects = new Map();

  onBegin(config, suite) {
    for (const project of suite.suites) {
      const use = project.project()?.use ?? {};
      this.projects.set(project.title, {
        declared: use.matrix?.expected,
        reported: undefined,
        passed: 0,
        skipped: 0,
        ms: 0,
        total: project.allTests().length,
      });
    }
  }

  onTestEnd(test, result) {
    const project = this.projects.get(test.parent.project()?.name);
    if (!project) {
      return;
    }
    project.ms += result.duration;
    if (result.status === 'passed') {
      project.passed += 1;
    } else if (result.status === 'skipped') {
      // Skipped on purpose in this entry (e.g. timings on React's development build): not run, not counted.
      project.total -= 1;
      project.skipped += 1;
    }
    const annotation = [...(result.annotations ?? []), ...test.annotations].find((a) => a.type === 'host-versions');
    if (annotation) {
      const v = JSON.parse(annotation.description);
      project.reported = { grafana: v.grafana['@grafana/ui'], react: v.react };
    }
  }

  onEnd() {
    console.log('');
    for (const p of this.projects.values()) {
      const v = p.reported ?? p.declared ?? { grafana: '?', react: '?' };
      console.log(`matrix grafana ${v.grafana} react ${v.react}: ${p.passed}/${p.total} passed`);
      // The time its tests took (summed, so with one worker its share of the wall time): what an entry costs CI.
      const skipped = p.skipped > 0 ? `, ${p.skipped} skipped in this entry` : '';
      console.log(`  (${(p.ms / 60_000).toFixed(1)} min${skipped})`);
    }
  }

  printsToStdio() {
    return false;
  }
}
