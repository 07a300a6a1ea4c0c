// Lookup indexes for the queries the API and the analytics run.
CREATE INDEX business_category IF NOT EXISTS FOR (b:Business) ON (b.category);
CREATE INDEX business_city IF NOT EXISTS FOR (b:Business) ON (b.city);
CREATE POINT INDEX business_location IF NOT EXISTS FOR (b:Business) ON (b.location);
CREATE INDEX referred_business IF NOT EXISTS FOR ()-[r:REFERRED]-() ON (r.businessId);
CREATE FULLTEXT INDEX business_search IF NOT EXISTS FOR (b:Business) ON EACH [b.name, b.category];
CREATE INDEX import_checkpoint_key IF NOT EXISTS FOR (c:ImportCheckpoint) ON (c.key);
CREATE INDEX graph_change_at IF NOT EXISTS FOR (c:GraphChange) ON (c.at);
