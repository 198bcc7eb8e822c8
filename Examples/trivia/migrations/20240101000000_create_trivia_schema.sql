-- The schema of a trivia bot: players with points and streaks, a question bank, achievements,
-- weekly leaderboards and the game sessions that tie them together.
-- Portable SQL: the same file runs on SQLite and PostgreSQL. Ids are assigned by the bot
-- (chat-platform user ids, question-bank ids).

-- strata:up
CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT,
    points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
    current_streak INTEGER NOT NULL DEFAULT 0 CHECK (current_streak >= 0),
    best_streak INTEGER NOT NULL DEFAULT 0 CHECK (best_streak >= 0),
    last_played_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- All-time leaderboard: highest points first, streaks break ties.
CREATE INDEX users_leaderboard_idx ON users (points DESC, best_streak DESC);

CREATE TABLE questions (
    id BIGINT PRIMARY KEY,
    question_type TEXT NOT NULL CHECK (question_type IN ('multiple_choice', 'true_false', 'fill_blank')),
    difficulty TEXT NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    category TEXT NOT NULL,
    prompt TEXT NOT NULL,
    correct_answer TEXT NOT NULL,
    choices TEXT, -- JSON array for multiple_choice; NULL otherwise
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (question_type <> 'multiple_choice' OR choices IS NOT NULL)
);

-- "Give me an active medium geography question": filter by category, difficulty and type.
CREATE INDEX questions_filter_idx ON questions (category, difficulty, question_type) WHERE active;

CREATE TABLE user_achievements (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    achievement TEXT NOT NULL,
    earned_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (user_id, achievement)
);

CREATE TABLE weekly_rankings (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    week_start DATE NOT NULL,
    points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
    rank INTEGER CHECK (rank > 0),
    UNIQUE (user_id, week_start)
);

-- This week's leaderboard.
CREATE INDEX weekly_rankings_week_idx ON weekly_rankings (week_start, points DESC);

CREATE TABLE game_sessions (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id BIGINT REFERENCES questions (id) ON DELETE SET NULL,
    started_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    answered_at TIMESTAMP,
    given_answer TEXT,
    correct BOOLEAN,
    points_awarded INTEGER NOT NULL DEFAULT 0 CHECK (points_awarded >= 0),
    CHECK (answered_at IS NULL OR answered_at >= started_at)
);

-- A player's recent games, and the games that used a question.
CREATE INDEX game_sessions_user_idx ON game_sessions (user_id, started_at DESC);
CREATE INDEX game_sessions_question_idx ON game_sessions (question_id);

-- strata:down
DROP TABLE game_sessions;
DROP TABLE weekly_rankings;
DROP TABLE user_achievements;
DROP TABLE questions;
DROP TABLE users;
