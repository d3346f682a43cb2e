package io.churnreport.system;

/**
 * Whether a command may create the embedded PostgreSQL's data directory when it finds none. The
 * commands that only look at or act on months already run (status, stop, restart, recover, render,
 * deliver) use an existing one only: started from another working directory than the months ran
 * from, they would otherwise make an empty database there and answer from it.
 */
public enum EmbeddedDatabaseUse {

	/** Create the data directory and databases when missing (the default). */
	CREATE_WHEN_MISSING,

	/** Fail with {@link NoEmbeddedDatabaseException} when the data directory holds no database. */
	EXISTING_ONLY

}
