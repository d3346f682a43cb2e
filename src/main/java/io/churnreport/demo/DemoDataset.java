package io.churnreport.demo;

/** How many rows the generator wrote into each table of the reference schemas. */
public record DemoDataset(int customers, int subscriptions, int pricePeriods, int invoices, int payments,
		int crmAccounts, int cancellationRequests) {

}
