// Unique ids. Each statement is idempotent (IF NOT EXISTS).
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT business_id IF NOT EXISTS FOR (b:Business) REQUIRE b.id IS UNIQUE;
CREATE CONSTRAINT graph_meta_key IF NOT EXISTS FOR (m:GraphMeta) REQUIRE m.key IS UNIQUE;
CREATE CONSTRAINT erased_id IF NOT EXISTS FOR (e:ErasedId) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT graph_change_version IF NOT EXISTS FOR (c:GraphChange) REQUIRE c.version IS UNIQUE;
