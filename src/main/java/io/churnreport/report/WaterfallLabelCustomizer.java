package io.churnreport.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.jfree.chart.ui.TextAnchor;

import net.sf.jasperreports.charts.JRAbstractChartCustomizer;
import net.sf.jasperreports.charts.JRChart;

/**
 * Puts a waterfall's value labels over its bars instead of inside them: inside, a label that does
 * not fit its bar is not drawn, so the small movements of a month (a reactivation of a few hundred
 * beside an MRR of a hundred thousand) lost theirs. A stacked bar chart whose first series is the
 * invisible base names this class as its {@code customizerClass}; the label colour is the chart's.
 */
public class WaterfallLabelCustomizer extends JRAbstractChartCustomizer {

	private static final ItemLabelPosition OVER_THE_BAR = new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12,
			TextAnchor.BOTTOM_CENTER);

	@Override
	public void customize(JFreeChart chart, JRChart jasperChart) {
		if (!(chart.getPlot() instanceof CategoryPlot)) {
			return;
		}
		CategoryItemRenderer renderer = ((CategoryPlot) chart.getPlot()).getRenderer();
		renderer.setDefaultPositiveItemLabelPosition(OVER_THE_BAR);
		renderer.setDefaultNegativeItemLabelPosition(OVER_THE_BAR);
	}

}
