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
	reserved_number VARCHAR(32),
	reservation_refusal VARCHAR(16),
	corrects VARCHAR(36),
	UNIQUE (uuid),
	UNIQUE (central_number)
);

CREATE INDEX ix_received_applications_station_number ON received_applications (station_number);

CREATE INDEX ix_received_applications_applicant_tckn ON received_applications (applicant_tckn);

CREATE TABLE received_blobs (
	id INTEGER NOT NULL,
	sha256 VARCHAR(64) NOT NULL,
	size BIGINT NOT NULL,
	media_type VARCHAR(127) NOT NULL,
	received_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (sha256)
);

CREATE TABLE number_sequences (
	name VARCHAR(32) NOT NULL,
	value BIGINT NOT NULL,
	PRIMARY KEY (name)
);

CREATE TABLE number_blocks (
	id INTEGER NOT NULL,
	uuid VARCHAR(36) NOT NULL,
	body_sha256 VARCHAR(64) NOT NULL,
	station_code VARCHAR(8) NOT NULL,
	first BIGINT NOT NULL,
	count INTEGER NOT NULL,
	year INTEGER NOT NULL,
	reserved_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (uuid)
);

CREATE INDEX ix_number_blocks_station_code ON number_blocks (station_code);

CREATE INDEX ix_number_blocks_first ON number_blocks (first);

