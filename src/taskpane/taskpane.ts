/** The task pane: a minimal page until the template gallery lands (issue 4). */
Office.onReady(() => {
  const app = document.getElementById('app');
  if (app) app.dataset.ready = 'true';
});
