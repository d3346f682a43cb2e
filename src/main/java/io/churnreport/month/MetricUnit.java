package io.churnreport.month;

/** How a metric's value reads, as mart.metric_definition.unit names it. */
public enum MetricUnit {

	/** A number of customers, requests or alerts. */
	COUNT(0),

	/** An amount in the reporting currency, to the cent. */
	MONEY(MetricScales.MONEY_SCALE),

	/** A fraction (0.052632 = 5.2632 %); shown as a percentage. */
	RATE(MetricScales.RATE_SCALE);

	private final int scale;

	MetricUnit(int scale) {
		this.scale = scale;
	}

	/** The unit's usual number of decimals. */
	public int scale() {
		return scale;
	}

	/** The unit as mart.metric_definition and the report templates name it: count, money or rate. */
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
