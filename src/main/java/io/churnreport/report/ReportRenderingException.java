package io.churnreport.report;

/** A report could not be compiled, filled or exported; the message says which and for what. */
public class ReportRenderingException extends RuntimeException {

	public ReportRenderingException(String message, Throwable cause) {
		super(message, cause);
	}

}
