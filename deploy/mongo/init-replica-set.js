// One-shot replica-set set-up for deploy/docker-compose.yml (run by the mongo-init service with mongosh against
// mongo1). Idempotent: a set that is already initiated is left alone. Waits until a primary is elected, so the
// services start only once majority writes can succeed.
const config = {
  _id: "rs0",
  members: [
    { _id: 0, host: "mongo1:27017", priority: 2 },
    { _id: 1, host: "mongo2:27017", priority: 1 },
    { _id: 2, host: "mongo3:27017", priority: 1 }
  ]
};

let initiated = true;
try {
  rs.status();
} catch (e) {
  if (e.codeName === "NotYetInitialized" || /no replset config/i.test(String(e.message))) {
    initiated = false;
  } else {
    throw e;
  }
}
if (!initiated) {
  print("initiating replica set rs0");
  rs.initiate(config);
}

for (let attempt = 0; attempt < 120; attempt++) {
  const hello = db.adminCommand({ hello: 1 });
  if (hello.isWritablePrimary || hello.primary) {
    print("replica set rs0 has primary " + hello.primary);
    quit(0);
  }
  sleep(1000);
}
print("replica set rs0 elected no primary within 120 s");
quit(1);
