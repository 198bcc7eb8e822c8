-- Players get a time zone (for daily reminders and weekly resets) and a preferences row.

-- strata:up
ALTER TABLE users ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';

CREATE TABLE user_preferences (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    language TEXT NOT NULL DEFAULT 'en',
    preferred_difficulty TEXT CHECK (preferred_difficulty IN ('easy', 'medium', 'hard')),
    daily_reminder BOOLEAN NOT NULL DEFAULT FALSE,
    reminder_time TEXT, -- HH:MM in the user's time zone
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- strata:down
DROP TABLE user_preferences;
ALTER TABLE users DROP COLUMN timezone;
