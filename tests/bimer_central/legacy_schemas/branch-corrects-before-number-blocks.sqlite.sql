CREATE TABLE received_applications (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	uuid VARCHAR(36) NOT NULL,
	body_sha256 VARCHAR(64) NOT NULL,
	central_number VARCHAR(32),
	station_number VARCHAR(32) NOT NULL,
	station_code VARCHAR(8) NOT NULL,
	received_at DATETIME NOT NULL,
	created_at VARCHAR(64) NOT NULL,
	created_by VARCHAR(100) NOT NULL,
	application JSON NOT NULL,
	applicant_tckn VARCHAR(11),
	attachments JSON,
	corrects VARCHAR(36),
	UNIQUE (uuid),
	UNIQUE (central_number)
);

CREATE INDEX ix_received_applications_applicant_tckn ON received_applications (applicant_tckn);

CREATE INDEX ix_received_applications_station_number ON received_applications (station_number);

CREATE TABLE received_blobs (
	id INTEGER NOT NULL,
	sha256 VARCHAR(64) NOT NULL,
	size BIGINT NOT NULL,
	media_type VARCHAR(127) NOT NULL,
	received_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (sha256)
);

