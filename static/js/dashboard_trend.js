// The GM dashboard's twelve-week CSI and SSI chart: the points from the #trend-data JSON (null for a week without
// answers, drawn as a gap), the company target from the canvas as a dashed line.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.querySelector('[data-testid="trend-chart"]');
  const data = document.getElementById("trend-data");
  if (!canvas || !data) {
    return;
  }
  const points = JSON.parse(data.textContent);
  const target = Number(canvas.dataset.target);
  const line = (label, values, colour) => ({ label, data: values, borderColor: colour, backgroundColor: colour });
  new Chart(canvas, {
    type: "line",
    data: {
      labels: points.map((point) => point.week.slice(5)),
      datasets: [
        line("CSI", points.map((point) => point.csi), "#0d6efd"),
        line("SSI", points.map((point) => point.ssi), "#198754"),
        { ...line(canvas.dataset.targetLabel, points.map(() => target), "#dc3545"), borderDash: [6, 4], pointRadius: 0 },
      ],
    },
    options: {
      animation: false,
      scales: { y: { suggestedMin: 80, suggestedMax: 100 } },
      plugins: { legend: { position: "bottom" } },
    },
  });
});
