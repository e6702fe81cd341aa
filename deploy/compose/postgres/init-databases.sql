-- Run by the postgres image on its first start (an empty data volume): one database per app, owned by
-- POSTGRES_USER. registry-service and status-aggregator create their tables themselves (Flyway).
CREATE DATABASE registry;
CREATE DATABASE status;
