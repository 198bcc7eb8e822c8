SET lock_timeout = '1s';
-- expect: exclusion-constraint
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);
-- expect: nothing
CREATE TABLE rooms (id bigint PRIMARY KEY, during tstzrange, EXCLUDE USING gist (during WITH &&));
-- expect: nothing
ALTER TABLE rooms ADD CONSTRAINT rooms_no_overlap EXCLUDE USING gist (during WITH &&);
-- expect: nothing
ALTER TABLE bookings ADD CONSTRAINT bookings_room_check CHECK (room > 0) NOT VALID;
