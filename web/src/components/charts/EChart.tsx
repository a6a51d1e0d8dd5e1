// One ECharts chart as a React component. Only the chart types and components the ops pages use
// are registered (echarts/core), which keeps ECharts' share of the bundle small; the ops pages
// are lazily loaded, so the other pages do not carry it at all. Every chart has a text
// alternative: `summary` becomes the figure's accessible name, and callers put the figures in a
// table next to it (ChartFigure).
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { type ReactNode, useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TooltipComponentOption>;

export function EChart({ option, summary, height = 260 }: { option: ChartOption; summary: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'svg' });
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  // The chart's drawing is presentational; the summary names it and the table beside it holds its figures.
  return <div ref={ref} role="img" aria-label={summary} className="chart" style={{ width: '100%', height }} />;
}

/** A chart with its heading, one-sentence summary and a table of the same figures (the text alternative). */
export function ChartFigure({ id, title, summary, option, table, emptyText }: { id: string; title: string; summary: string; option: ChartOption; table: ReactNode; emptyText?: string }) {
  if (emptyText) {
    return (
      <figure className="chart-figure" aria-labelledby={`${id}-title`}>
        <figcaption id={`${id}-title`}>
          <h2>{title}</h2>
        </figcaption>
        <p>{emptyText}</p>
      </figure>
    );
  }
  return (
    <figure className="chart-figure" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        <h2>{title}</h2>
        <p className="hint">{summary}</p>
      </figcaption>
      <EChart option={option} summary={summary} />
      {/* Focusable, so a keyboard can scroll a table wider than a phone. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-title`}>
        {table}
      </div>
    </figure>
  );
}
