-- strata:up
INSERT INTO feature_flags (key, enabled, description)
VALUES ('ai_summaries', 0, 'Summaries of long comment threads');

-- strata:down
DELETE FROM feature_flags WHERE key = 'ai_summaries';
