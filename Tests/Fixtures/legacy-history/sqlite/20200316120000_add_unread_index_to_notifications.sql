-- strata:up
create index index_notifications_on_user_id_unread on notifications (user_id, created_at desc) where read_at is null;

-- strata:down
drop index index_notifications_on_user_id_unread;
