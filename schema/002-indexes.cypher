// Lookup indexes for the queries the API and the analytics run.
CREATE INDEX business_category IF NOT EXISTS FOR (b:Business) ON (b.category);
CREATE INDEX business_city IF NOT EXISTS FOR (b:Business) ON (b.city);
CREATE POINT INDEX business_location IF NOT EXISTS FOR (b:Business) ON (b.location);
CREATE INDEX referred_business IF NOT EXISTS FOR ()-[r:REFERRED]-() ON (r.businessId);
CREATE FULLTEXT INDEX business_search IF NOT EXISTS FOR (b:Business) ON EACH [b.name, b.category];
CREATE INDEX import_checkpoint_key IF NOT EXISTS FOR (c:ImportCheckpoint) ON (c.key);
CREATE INDEX graph_change_at IF NOT EXISTS FOR (c:GraphChange) ON (c.at);
// Intro requests: an inbox is one lookup on askedId (set only while a request waits for an
// answer), a requester's erasure one on requesterId, and the expiry sweep reads only the requests
// still in progress.
CREATE INDEX intro_request_asked IF NOT EXISTS FOR (r:IntroRequest) ON (r.askedId);
CREATE INDEX intro_request_requester IF NOT EXISTS FOR (r:IntroRequest) ON (r.requesterId);
CREATE INDEX intro_request_state IF NOT EXISTS FOR (r:IntroRequest) ON (r.state);
