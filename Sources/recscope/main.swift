import RecEngine
let d = try DatasetLoader.load(directory: "SampleData/movielens-small")
print(d.catalog.count, d.users.count, d.eventCount)
