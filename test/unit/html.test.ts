import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatDecimal,
  formatNumber,
  formatPercent,
  formatRate,
  formatTime,
  html,
  template,
} from '../../functions/commons/html.ts';

describe('Module: functions/commons/html', () => {
  describe('template', () => {
    it('given text with markup, when interpolated with <%= %>, then it is escaped', () => {
      const render = template<{ name: string }>('<p title="<%= it.name %>"><%= it.name %></p>');
      expect(render({ name: `<script>alert("x")</script> & 'y'` })).toBe(
        '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>',
      );
    });

    it('given HTML rendered by another template, when output with <%~ %>, then it is kept as is', () => {
      const inner = template<{ v: string }>('<b><%= it.v %></b>');
      const outer = template<{ inner: string }>('<div><%~ it.inner %></div>');
      expect(outer({ inner: inner({ v: '<i>' }) })).toBe('<div><b>&lt;i&gt;</b></div>');
    });
  });

  describe('formatters', () => {
    it('formats numbers, decimals and percentages the Vietnamese way', () => {
      expect(formatNumber(35585)).toBe('35.585');
      expect(formatNumber(1234567)).toBe('1.234.567');
      expect(formatNumber(undefined)).toBe('—');
      expect(formatDecimal(1.8234)).toBe('1,82');
      expect(formatPercent(0.985)).toBe('98,5 %');
      expect(formatPercent(1)).toBe('100 %');
      expect(formatRate(119, 120, 2)).toBe('99,17 %');
      expect(formatRate(5, 0)).toBe('—');
      expect(formatPercent(Number.NaN)).toBe('—');
    });

    it('formats dates and times in Asia/Ho_Chi_Minh', () => {
      expect(formatDate('2022-10-31')).toBe('31/10/2022');
      // 18:30 UTC on 31 October is already 1 November in Vietnam.
      expect(formatDate('2022-10-31T18:30:00.000Z')).toBe('01/11/2022');
      expect(formatDate(new Date('2022-10-31T18:30:00.000Z'))).toBe('01/11/2022');
      expect(formatTime('2022-10-31T18:30:00.000Z')).toBe('01:30');
      expect(formatDateTime('2022-10-20T08:05:00.000+07:00')).toBe('08:05 20/10/2022');
    });
  });

  describe('html', () => {
    it('answers a UTF-8 page that is not cached, framed or sniffed', () => {
      const result = html(400, '<p>x</p>');
      expect(result.statusCode).toBe(400);
      expect(result.body).toBe('<p>x</p>');
      expect(result.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
    });
  });
});
