package io.churnreport.report;

import java.util.Locale;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;

import net.sf.jasperreports.charts.JRAbstractChartCustomizer;
import net.sf.jasperreports.charts.JRChart;
import net.sf.jasperreports.engine.JRParameter;

/**
 * Labels a chart's value axis in percent with {@link ReportFormats}, in the report's locale
 * ({@code 2.5%}, {@code %2,5}): a tick label mask is a fixed pattern and would put the sign after
 * the number in every language. The number of decimals is the chart element's property
 * {@value #DECIMALS_PROPERTY} (0 when absent); a chart names this class as its
 * {@code customizerClass}.
 */
public class PercentAxisCustomizer extends JRAbstractChartCustomizer {

	/** The element property that holds the axis labels' number of decimals. */
	public static final String DECIMALS_PROPERTY = "io.churnreport.percent.axis.decimals";

	@Override
	public void customize(JFreeChart chart, JRChart jasperChart) {
		Plot plot = chart.getPlot();
		if (!(plot instanceof CategoryPlot)) {
			return;
		}
		ValueAxis axis = ((CategoryPlot) plot).getRangeAxis();
		if (!(axis instanceof NumberAxis)) {
			return;
		}
		String decimals = jasperChart.hasProperties() ? jasperChart.getPropertiesMap().getProperty(DECIMALS_PROPERTY) : null;
		Locale locale = (Locale) getParameterValue(JRParameter.REPORT_LOCALE);
		((NumberAxis) axis).setNumberFormatOverride(
				ReportFormats.percentFormat(decimals == null ? 0 : Integer.parseInt(decimals.trim()), locale));
	}

}
