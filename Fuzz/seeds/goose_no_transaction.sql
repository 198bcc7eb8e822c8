-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY t_id ON t (id);
-- +goose Down
DROP INDEX CONCURRENTLY t_id;
