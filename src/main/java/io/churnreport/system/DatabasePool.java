package io.churnreport.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

import javax.net.ssl.SSLException;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The connection pool of one of the three databases. When a connection fails for a reason of TLS
 * (the server does not offer it, a certificate does not verify, the server requires it) the
 * failure says which database it was and which TLS settings were in effect, so that the operator
 * knows which property to look at; any password in the driver's message is masked.
 */
class DatabasePool extends HikariDataSource {

	private final String databaseName;

	private final String tlsSettings;

	private volatile String sslKeyPassword;

	DatabasePool(String databaseName, String tlsSettings) {
		this.databaseName = databaseName;
		this.tlsSettings = tlsSettings;
	}

	/** The password of the client certificate's key, given to the driver as {@code sslpassword}. */
	void setSslKeyPassword(String sslKeyPassword) {
		this.sslKeyPassword = sslKeyPassword;
	}

	/**
	 * The pool logs its configuration (at DEBUG) when it validates it, masking only the driver
	 * property named {@code password}: the key's password joins the driver properties after that.
	 */
	@Override
	public void validate() {
		super.validate();
		if (sslKeyPassword != null) {
			addDataSourceProperty("sslpassword", sslKeyPassword);
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		try {
			return super.getConnection();
		}
		catch (SQLException ex) {
			if (!concernsTls(ex)) {
				throw ex;
			}
			String message = Secrets.mask(Failures.rootMessage(ex), getPassword());
			if (message.endsWith(".")) {
				message = message.substring(0, message.length() - 1);
			}
			SQLException explained = new SQLNonTransientConnectionException(message + " [TLS settings of the "
					+ databaseName + " database: " + tlsSettings + "]", innermostSqlState(ex));
			// not the cause: the message above is what an operator needs to see, not the driver's alone
			explained.addSuppressed(ex);
			throw explained;
		}
	}

	static boolean concernsTls(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SSLException) {
				return true;
			}
			String message = cause.getMessage();
			if (message != null && (message.contains("SSL") || message.contains("no encryption")
					|| message.contains("hostnameverifier"))) {
				return true;
			}
		}
		return false;
	}

	private static String innermostSqlState(Throwable failure) {
		String state = "08001";
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				state = sql.getSQLState();
			}
		}
		return state;
	}

}
