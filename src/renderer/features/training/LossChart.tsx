import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartData, type ChartInput } from './chart-data';

/** The live loss chart (uPlot): smoothed and raw loss, the engine's window average and the learning rate on its own
 * axis, earlier runs dashed underneath; the legend reads out every series at the hovered step. */
export function LossChart({ input, logScale, stepLabel, height = 300 }: { input: ChartInput; logScale: boolean; stepLabel: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { x, series } = useMemo(() => chartData(input), [input]);
  // The plot is rebuilt when its series or scales change, and only fed new data otherwise (live points).
  const shape = `${logScale}|${series.map((s) => `${s.label}/${s.scale}`).join(',')}`;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const hasLr = series.some((s) => s.scale === 'lr');
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      scales: { x: { time: false }, loss: { distr: logScale ? 3 : 1 }, lr: { distr: 1 } },
      axes: [
        { label: stepLabel, stroke: '#868e96', grid: { stroke: 'rgba(128,128,128,0.15)' } },
        { scale: 'loss', stroke: '#868e96', grid: { stroke: 'rgba(128,128,128,0.15)' }, size: 60 },
        ...(hasLr ? [{ scale: 'lr', side: 1, stroke: '#868e96', grid: { show: false }, size: 70, values: (_u: uPlot, vals: number[]) => vals.map((v) => v.toExponential(1)) }] : []),
      ],
      series: [
        { label: stepLabel },
        ...series.map((s) =>
          s.points
            ? // One value per epoch: dots, no line through them.
              { label: s.label, scale: s.scale, stroke: s.color, fill: s.color, width: s.width, paths: () => null, points: { show: true, size: 7, fill: s.color } }
            : { label: s.label, scale: s.scale, stroke: s.color, width: s.width, ...(s.dash ? { dash: s.dash } : {}), spanGaps: true, points: { show: false } },
        ),
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
    const u = new uPlot(opts, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Rebuilt on shape changes only; data updates below.
  }, [shape, height, stepLabel]);

  useEffect(() => {
    plot.current?.setData([x, ...series.map((s) => s.values)] as uPlot.AlignedData);
  }, [x, series]);

  const epochs = series.find((s) => s.points)?.values.filter((v) => v !== null).length ?? 0;
  return <div ref={box} className="loss-chart" data-testid="loss-chart" data-points={x.length} data-epoch-points={epochs} translate="no" />;
}
