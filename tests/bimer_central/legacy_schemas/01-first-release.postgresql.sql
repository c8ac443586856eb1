CREATE TABLE received_applications (
	id SERIAL NOT NULL,
	uuid VARCHAR(36) NOT NULL,
	body_sha256 VARCHAR(64) NOT NULL,
	central_number VARCHAR(32),
	station_number VARCHAR(32) NOT NULL,
	station_code VARCHAR(8) NOT NULL,
	received_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	created_at VARCHAR(64) NOT NULL,
	created_by VARCHAR(100) NOT NULL,
	application JSON NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (uuid),
	UNIQUE (central_number)
);

CREATE INDEX ix_received_applications_station_number ON received_applications (station_number);

