-- Least privilege at run time: the schema owner (who runs `migrate`) keeps every right to change the schema; the
-- worker logs in as a member of batchworkers_runtime, which may read and write rows but create, alter or drop nothing.
-- How to create the login roles: docs/database-roles.md.
--
-- Roles belong to the whole server, not to one database: every database migrated on a server shares this one group
-- role, so it is created only when missing. A DBA may create it beforehand; then the owner needs no CREATEROLE.
do $$
begin
    if not exists (select from pg_roles where rolname = 'batchworkers_runtime') then
        create role batchworkers_runtime nologin;
    end if;
exception
    -- Two databases migrated at the same moment both found it missing; the one that lost the race has nothing to do.
    when duplicate_object or unique_violation then null;
end
$$;

-- Warns instead of failing when the owner does not own the database (then a DBA grants it).
do $$
begin
    execute format('grant connect on database %I to batchworkers_runtime', current_database());
end
$$;

-- PostgreSQL 14 and older let every role create tables in `public`; 15 and later already revoked it.
revoke create on schema public from public;

-- Hangfire's tables are installed by the migration step too (before these scripts), into their own schema.
create schema if not exists hangfire;
grant usage on schema public, hangfire to batchworkers_runtime;

grant select, insert, update, delete on all tables in schema public, hangfire to batchworkers_runtime;
grant usage, select on all sequences in schema public, hangfire to batchworkers_runtime;
-- The migration journal is read (the worker checks that the schema is current) and never written at run time.
revoke insert, update, delete on schemaversions from batchworkers_runtime;

-- Tables and sequences that later migrations (and Hangfire upgrades) create as this same owner get the same rights.
alter default privileges in schema public, hangfire grant select, insert, update, delete on tables to batchworkers_runtime;
alter default privileges in schema public, hangfire grant usage, select on sequences to batchworkers_runtime;
