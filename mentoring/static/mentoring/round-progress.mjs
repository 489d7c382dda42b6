// Progressive enhancement only: without this file the round page shows the progress as it was
// when the page loaded, with a link to refresh it.
//
// While a proposal is being worked out, ask the server how far it has got every second and
// show it; when it has finished (or failed), reload the page to show the result.

const POLL_EVERY_MS = 1000;

const box = document.querySelector("[data-round-progress]");

if (box) {
  const url = box.dataset.roundProgress;
  const stage = box.querySelector("[data-round-progress-stage]");
  const percent = box.querySelector("[data-round-progress-percent]");
  const bar = box.querySelector("[data-round-progress-bar]");
  const refreshHint = box.querySelector("[data-round-progress-reload]");
  if (refreshHint) {
    refreshHint.textContent = "The page stays usable meanwhile, and shows the result when it is ready.";
  }
  let announced = { stage: stage.textContent, percent: Number(percent.textContent) };

  const show = (run) => {
    bar.value = run.percent;
    bar.textContent = `${run.percent}%`;
    // The text is a live region: change it at each new stage and every 10%, not every poll,
    // so a screen reader is told how it goes without being talked over.
    if (run.stage !== announced.stage || run.percent - announced.percent >= 10) {
      stage.textContent = run.stage;
      percent.textContent = run.percent;
      announced = { stage: run.stage, percent: run.percent };
    }
  };

  const poll = async () => {
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const run = await response.json();
        if (!run.in_progress) {
          window.location.reload();
          return;
        }
        show(run);
      }
    } catch {
      // A dropped connection: keep the last figures and ask again.
    }
    window.setTimeout(poll, POLL_EVERY_MS);
  };

  window.setTimeout(poll, POLL_EVERY_MS);
}
