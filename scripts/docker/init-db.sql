-- First-start initialisation of the docker-compose PostgreSQL (run once by the postgres image's
-- entrypoint, as the superuser). Creates the same roles and database that `npm start` creates in
-- its embedded PostgreSQL (scripts/lib/embedded-postgres.ts), plus Temporal's role:
--   greenlight_owner  owns database greenlight; migrations run as it (DATABASE_ADMIN_URL)
--   greenlight_app    may connect and use schema public; the app runs as it (DATABASE_URL) and
--                     gets its table grants from the migrate command
--   temporal          creates and owns Temporal's own databases (temporal, temporal_visibility)
-- Passwords equal role names: local development credentials only.
CREATE ROLE greenlight_owner LOGIN PASSWORD 'greenlight_owner';
CREATE ROLE greenlight_app LOGIN PASSWORD 'greenlight_app';
CREATE ROLE temporal LOGIN CREATEDB PASSWORD 'temporal';
CREATE DATABASE greenlight OWNER greenlight_owner;

\connect greenlight
-- Only our roles get in; the app may use schema public but never create in it.
REVOKE ALL ON DATABASE greenlight FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE greenlight TO greenlight_app;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO greenlight_app;
