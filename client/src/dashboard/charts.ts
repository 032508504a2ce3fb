import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

/**
 * The dashboard's charts (chart.js, loaded with the dashboard only: dashboard/DashCharts.tsx imports
 * this module on demand). Only the pieces drawn are registered, so the rest of chart.js is left out
 * of the build. No animation: a slow phone draws once, and a printout shows the final figure.
 */
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);
Chart.defaults.font.size = 12;
Chart.defaults.color = '#1d1d1f';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

export type { Chart };

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly data: readonly number[];
}

/** The on-time rate by week, in percent; null weeks (nothing due) are gaps in the line. */
export function weeklyChart(
  canvas: HTMLCanvasElement,
  labels: readonly string[],
  percents: readonly (number | null)[],
  label: string,
  color: string,
): Chart {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: [...labels],
      datasets: [
        {
          label,
          data: [...percents],
          borderColor: color,
          backgroundColor: color,
          spanGaps: false,
          // A week at 0% or 100% sits on the edge of the plot: its point is drawn whole.
          clip: false,
          pointRadius: 4,
          borderWidth: 2,
        },
      ],
    },
    options: {
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => `${Math.round(Number(item.raw) * 10) / 10}%` } },
      },
      scales: {
        y: { min: 0, max: 100, ticks: { callback: (value) => `${value}%` } },
        x: { ticks: { autoSkip: true, maxRotation: 0 } },
      },
    },
  });
}

/** Horizontal bars, one line per label (long unit names stay readable); stacked when several series. */
export function barChart(canvas: HTMLCanvasElement, labels: readonly string[], series: readonly Series[]): Chart {
  const stacked = series.length > 1;
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: labels.map((l) => (l.length > 28 ? `${l.slice(0, 27)}…` : l)),
      datasets: series.map((s) => ({
        label: s.label,
        data: [...s.data],
        backgroundColor: s.color,
        borderColor: '#ffffff',
        borderWidth: stacked ? 1 : 0,
        maxBarThickness: 28,
      })),
    },
    options: {
      indexAxis: 'y',
      plugins: {
        legend: { display: stacked, position: 'bottom', labels: { boxWidth: 14 } },
        tooltip: { callbacks: { title: (items) => labels[items[0]?.dataIndex ?? 0] ?? '' } },
      },
      scales: {
        x: { stacked, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked, ticks: { autoSkip: false } },
      },
    },
  });
}
