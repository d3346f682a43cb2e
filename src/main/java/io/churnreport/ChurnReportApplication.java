package io.churnreport;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ChurnReportApplication {

	public static void main(String[] args) {
	}

}
